import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FlagError } from './errors.ts';
import { parseFlags } from './flags.ts';
import { sandboxArgs } from './index.ts';

test('k6 run flags, in both spellings', () => {
  const flags = parseFlags([
    'run',
    'dist/appwrite.js',
    '-e',
    'A=1',
    '--env=B=x=y',
    '--vus',
    '3',
    '-i',
    '9',
    '--duration=1m30s',
    '--summary-trend-stats',
    'avg,p(99.9),count',
    '--no-thresholds',
    '-q',
    '--execution-segment',
    '1/2:1',
    '--execution-segment-sequence',
    '0,1/2,1',
  ]);
  assert.deepEqual(flags, {
    script: 'dist/appwrite.js',
    env: { A: '1', B: 'x=y' },
    vus: 3,
    iterations: 9,
    durationMs: 90_000,
    summaryTrendStats: ['avg', 'p(99.9)', 'count'],
    noThresholds: true,
    quiet: true,
    includeSystemEnv: true,
    executionSegment: '1/2:1',
    executionSegmentSequence: '0,1/2,1',
  });
  assert.equal(parseFlags(['run', 'x.js', '--include-system-env-vars=false']).includeSystemEnv, false);
});

test('bad flags are FlagErrors naming the flag', () => {
  assert.throws(() => parseFlags(['run', 'x.js', '--vus', 'many']), /invalid --vus/);
  assert.throws(() => parseFlags(['run', 'x.js', '--bogus']), /unknown flag: --bogus/);
  assert.throws(() => parseFlags(['run', 'x.js', '-e', 'NOVALUE']), /expected KEY=VALUE/);
  assert.throws(() => parseFlags(['run', 'x.js', '--summary-trend-stats', 'p99']), /"p99"/);
  assert.throws(() => parseFlags(['run']), FlagError);
  assert.throws(() => parseFlags(['inspect', 'x.js']), /unknown command/);
});

test('the programmatic API builds the same flags the CLI parses', () => {
  const args = sandboxArgs({
    script: 's.js',
    env: { K: 'v' },
    vus: 2,
    duration: '2s',
    noThresholds: true,
    includeSystemEnv: false,
  });
  const flags = parseFlags(args);
  assert.deepEqual(
    [flags.env, flags.vus, flags.durationMs, flags.noThresholds, flags.includeSystemEnv],
    [{ K: 'v' }, 2, 2000, true, false],
  );
});
