// `npm run ab -- --a ENDPOINT_A --b ENDPOINT_B --repeat N [--out DIR] [-e KEY=VALUE ...] [compare flags]`:
// runs the suite against A and B alternately (A, B, A, B, …, so machine drift reaches both sides), keeps
// every record, then prints `npm run compare -- --baseline <A records> --candidate <B records>`.
// Credentials come from the environment (APPWRITE_PROJECT_ID, APPWRITE_API_KEY; A_… or B_… prefixed to
// differ per side), never from the command line. Exit code: compare's (0, 1), or 2 for bad input.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { isLoopbackHost } from '../lib/config/endpoint-url.ts';
import { LOAD_PROFILES } from '../lib/config/parse.ts';
import type { ProfileName } from '../lib/contract/run-plan.ts';
import { compareSetsMain } from './compare-sets-cli.ts';
import { findRunner, runSuite } from './run-suite.ts';

export const AB_USAGE =
  'usage: npm run ab -- --a ENDPOINT_A --b ENDPOINT_B --repeat N [--out DIR] [-e KEY=VALUE ...] [--format …] [--noise …]';

export interface AbArgs {
  a: string;
  b: string;
  repeat: number;
  out: string;
  /** -e KEY=VALUE pairs, passed to every run's environment. */
  env: Record<string, string>;
  /** Everything else goes to compare. */
  compareArgs: string[];
}

export class AbInputError extends Error {}

export function parseAbArgs(args: readonly string[], now = new Date()): AbArgs {
  const parsed: AbArgs = {
    a: '',
    b: '',
    repeat: 0,
    out: join('results', `ab-${now.toISOString().replace(/[-:]|\.\d+Z$/g, '')}`),
    env: {},
    compareArgs: [],
  };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? '';
    const value = () => {
      const next = args[++i];
      if (next === undefined) throw new AbInputError(`${arg} needs a value`);
      return next;
    };
    if (arg === '--a') parsed.a = value();
    else if (arg === '--b') parsed.b = value();
    else if (arg === '--out') parsed.out = value();
    else if (arg === '--repeat') {
      const text = value();
      parsed.repeat = Number(text);
      if (!Number.isInteger(parsed.repeat) || parsed.repeat < 1 || parsed.repeat > 100)
        throw new AbInputError(`--repeat must be an integer 1-100, got ${text}`);
    } else if (arg === '-e' || arg === '--env') {
      const pair = value();
      const eq = pair.indexOf('=');
      if (eq < 1) throw new AbInputError(`-e must be KEY=VALUE, got ${pair}`);
      parsed.env[pair.slice(0, eq)] = pair.slice(eq + 1);
    } else parsed.compareArgs.push(arg);
  }
  for (const side of ['a', 'b'] as const) {
    const url = parsed[side];
    if (!url) throw new AbInputError(`--${side} ENDPOINT is required`);
    let host: string;
    try {
      host = new URL(url).hostname;
    } catch {
      throw new AbInputError(`--${side} must be an endpoint URL like http://127.0.0.1/v1, got ${url}`);
    }
    const profile = (parsed.env.PROFILE ?? process.env.PROFILE ?? 'smoke') as ProfileName;
    const allow = (parsed.env.ALLOW_REMOTE_LOAD ?? process.env.ALLOW_REMOTE_LOAD) === 'true';
    if (LOAD_PROFILES.includes(profile) && !allow && !isLoopbackHost(host.replace(/^\[|\]$/g, '')))
      throw new AbInputError(
        `--${side} ${host} is not loopback and PROFILE=${profile} puts sustained load on it: set ALLOW_REMOTE_LOAD=true only for a server you own`,
      );
  }
  if (parsed.repeat === 0) throw new AbInputError('--repeat N is required');
  return parsed;
}

function sideEnv(side: 'A' | 'B', endpoint: string, extra: Record<string, string>): NodeJS.ProcessEnv {
  const pick = (key: string) => process.env[`${side}_${key}`] ?? process.env[key];
  const env: NodeJS.ProcessEnv = { ...extra, APPWRITE_ENDPOINT: endpoint };
  for (const key of ['APPWRITE_PROJECT_ID', 'APPWRITE_API_KEY', 'APPWRITE_VERSION']) {
    const value = pick(key);
    if (value !== undefined) env[key] = value;
  }
  env.PROFILE = extra.PROFILE ?? process.env.PROFILE ?? 'smoke';
  return env;
}

export async function abMain(args: readonly string[]): Promise<number> {
  let parsed: AbArgs;
  try {
    parsed = parseAbArgs(args);
  } catch (error) {
    if (!(error instanceof AbInputError)) throw error;
    process.stderr.write(`error: ${error.message}\n${AB_USAGE}\n`);
    return 2;
  }
  const runner = findRunner();
  console.log(
    `ab: ${parsed.repeat} × (A, B) through ${runner.kind === 'k6' ? `k6 at ${runner.path} (K6_NO_USAGE_REPORT=${process.env.K6_NO_USAGE_REPORT ?? 'true'})` : 'the k6 sandbox (no k6 on the PATH): timings are Node’s, not k6’s'}; records in ${parsed.out}`,
  );
  const records: Record<'A' | 'B', string[]> = { A: [], B: [] };
  for (let i = 1; i <= parsed.repeat; i++)
    for (const side of ['A', 'B'] as const) {
      const endpoint = side === 'A' ? parsed.a : parsed.b;
      const dir = join(parsed.out, `${String(i).padStart(2, '0')}-${side}`);
      const run = await runSuite(runner, sideEnv(side, endpoint, parsed.env), dir);
      console.log(`  ${side}${i}: exit ${run.exitCode}, record ${run.recordPath ?? 'none written'}`);
      if (run.recordPath) records[side].push(run.recordPath);
      else process.stderr.write(`${run.stderrTail.trim().split('\n').slice(-3).join('\n')}\n`);
    }
  if (records.A.length === 0 || records.B.length === 0) {
    process.stderr.write('error: a side wrote no record; nothing to compare\n');
    return 2;
  }
  return compareSetsMain(
    ['--baseline', ...records.A, '--candidate', ...records.B, ...parsed.compareArgs],
    {
      readFile: (path) => readFileSync(path, 'utf8'),
      out: (text) => process.stdout.write(text),
      err: (text) => process.stderr.write(text),
    },
    AB_USAGE,
  );
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href)
  process.exitCode = await abMain(process.argv.slice(2));
