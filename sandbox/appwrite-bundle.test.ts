// The real bundle (scripts/appwrite.ts) through the sandbox against the emulator: the smoke profile runs
// end to end, with setup, the three workloads, teardown and handleSummary.
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { startEmulator } from '../emulator/index.ts';
import { runSandbox } from './index.ts';

const root = fileURLToPath(new URL('..', import.meta.url));

test('dist/appwrite.js runs the smoke profile against the emulator', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sandbox-bundle-'));
  const emulator = await startEmulator();
  try {
    // Built here (as esbuild.config.mjs builds it) so the test does not depend on an earlier `npm run build`.
    await build({
      entryPoints: [join(root, 'scripts/appwrite.ts')],
      outfile: join(dir, 'appwrite.js'),
      bundle: true,
      format: 'esm',
      platform: 'neutral',
      mainFields: ['module', 'main'],
      target: 'es2022',
      supported: { 'async-generator': false, 'for-await': false },
      external: ['k6'],
      logLevel: 'silent',
    });
    const result = await runSandbox({
      script: join(dir, 'appwrite.js'),
      cwd: dir,
      env: {
        APPWRITE_ENDPOINT: emulator.url,
        APPWRITE_PROJECT_ID: emulator.projectId,
        APPWRITE_API_KEY: emulator.apiKey,
        PROFILE: 'smoke',
        RESULTS_DIR: '.',
      },
      quiet: true,
      timeoutMs: 60_000,
    });
    // 99 stays possible while the emulator lacks a route teardown uses (its failed request counts in
    // http_req_failed, as in k6); anything else (107 script error, 108 abort, a kill) is a sandbox bug.
    assert.ok([0, 99].includes(result.exitCode), `exit ${result.exitCode}\n${result.stderr}`);
    assert.doesNotMatch(result.stderr, /source=stacktrace/);
    assert.match(result.stdout, /checks\.+: 100\.00% ✓ \d+ ✗ 0/);
    assert.ok(
      readdirSync(dir).some((file) => file.endsWith('.json')),
      `no result file in ${readdirSync(dir).join(', ')}`,
    );
    // Secrets never reach stdout or stderr.
    assert.equal(result.stdout.includes(emulator.apiKey), false);
    assert.equal(result.stderr.includes(emulator.apiKey), false);
  } finally {
    await emulator.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
