// A real k6 to check against, when there is one: K6_BIN, else `k6` on the PATH.
import { spawnSync } from 'node:child_process';
import { k6Environment } from '../../tools/k6-env.ts';
import type { Runner } from './replay.ts';

/** The real k6 runner, or undefined (with why) when none is installed. */
export function realK6(): { runner: Runner; version: string } | { missing: string } {
  const command = process.env.K6_BIN || 'k6';
  const probe = spawnSync(command, ['version'], {
    encoding: 'utf8',
    env: k6Environment(process.env),
  });
  if (probe.error || probe.status !== 0)
    return {
      missing: `no real k6 (${process.env.K6_BIN ? `K6_BIN=${command} did not run` : 'k6 not on PATH, K6_BIN unset'})`,
    };
  return { runner: { name: 'k6', command, args: [] }, version: probe.stdout.trim().split('\n')[0] ?? '' };
}
