// Which real k6 the checks against k6 use (the conformance corpus, the end-to-end tests): the binary
// K6_BIN names, else `k6` on the PATH, else none — then those checks are skipped with one line saying
// why. A K6_BIN that does not run is an error, not a skip: whoever set it expects k6 to be used.
import { spawnSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { k6Environment } from './k6-env.ts';

export class RealK6Error extends Error {
  override name = 'RealK6Error' as const;
}

export type RealK6 = { kind: 'k6'; command: string; version: string } | { kind: 'none'; skip: string };

/** The first executable `k6` in `env.PATH`, or undefined. */
export function findK6OnPath(env: NodeJS.ProcessEnv): string | undefined {
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, 'k6');
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here: keep looking
    }
  }
  return undefined;
}

/** `k6 version`'s first line (usage report off), or why it could not be read. */
function probe(command: string, env: NodeJS.ProcessEnv): { version: string } | { failure: string } {
  const result = spawnSync(command, ['version'], {
    encoding: 'utf8',
    timeout: 20_000,
    env: k6Environment(env),
  });
  if (result.error) return { failure: result.error.message };
  if (result.status !== 0)
    return {
      failure: `exit ${result.status ?? result.signal}: ${(result.stderr ?? '').trim().split('\n')[0]}`,
    };
  const first = (result.stdout ?? '').trim().split('\n')[0] ?? '';
  if (!/^k6 v\d/.test(first))
    return { failure: `'version' printed ${JSON.stringify(first)}, not k6's "k6 v…"` };
  return { version: first };
}

/** The real k6 to check against, or `none` with the one line a skipped test prints. */
export function chooseRealK6(env: NodeJS.ProcessEnv = process.env): RealK6 {
  const fromEnv = env.K6_BIN;
  const command = fromEnv ? fromEnv : findK6OnPath(env);
  if (command === undefined) return { kind: 'none', skip: 'no real k6 (K6_BIN unset, no k6 on the PATH)' };
  const result = probe(command, env);
  if ('failure' in result) {
    const source = fromEnv ? `K6_BIN=${fromEnv}` : `k6 on the PATH (${command})`;
    throw new RealK6Error(
      `${source} does not run as k6 (${result.failure}); expected a k6 binary whose 'k6 version' works${fromEnv ? ', or K6_BIN unset' : ''}`,
    );
  }
  return { kind: 'k6', command, version: result.version };
}
