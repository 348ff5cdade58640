// The end-to-end tests again, under a real k6 (K6_BIN, else `k6` on the PATH; tools/real-k6.ts), so
// anyone with k6 can check that the sandbox's verdicts are k6's. Skipped with one line without one.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { chooseRealK6 } from '../../tools/real-k6.ts';
import { E2E_K6_VARIABLE } from './harness.ts';

const HERE = new URL('.', import.meta.url).pathname;

function withoutTestContext(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const { NODE_TEST_CONTEXT: _ignored, ...rest } = env;
  return rest;
}

test('the end-to-end tests under a real k6', { timeout: 1_200_000 }, (t) => {
  const k6 = chooseRealK6();
  if (k6.kind === 'none') {
    t.skip(`${k6.skip}: the end-to-end tests ran under the sandbox only`);
    return;
  }
  t.diagnostic(`running the end-to-end tests under ${k6.version} (${k6.command})`);
  const files = readdirSync(HERE)
    .filter((name) => name.endsWith('.test.ts') && name !== 'real-k6.test.ts')
    .sort()
    .map((name) => join(HERE, name));
  // The harness starts every k6 run with k6Environment (usage report off).
  const result = spawnSync(
    process.execPath,
    ['--import', 'tsx', '--test', '--test-reporter=spec', ...files],
    {
      encoding: 'utf8',
      // Without NODE_TEST_CONTEXT: a node --test started inside a test would report to this runner
      // instead of running its files.
      env: { ...withoutTestContext(process.env), [E2E_K6_VARIABLE]: k6.command },
      timeout: 1_150_000,
    },
  );
  // The spec reporter's totals: `ℹ tests 28`, `ℹ pass 28`, `ℹ fail 0`.
  const summary = /^ℹ (tests|pass|fail) \d+$/gm;
  t.diagnostic((result.stdout.match(summary) ?? []).join(', '));
  assert.equal(result.status, 0, `under ${k6.version}:\n${result.stdout}\n${result.stderr}`);
  assert.match(result.stdout, /^ℹ pass [1-9]/m, 'the end-to-end files ran no test');
});
