// Setup and teardown survive transient faults (issue 8): against an emulator that answers 30 % of ALL
// requests (API-key calls included) with 500/503, a smoke run completes setup, its measured traffic fails,
// it exits 99 (thresholds), not 107 (setup threw), writes its files, and teardown leaves nothing behind.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { adminApi, type BenchRun, cleanUp, runBenchmark, withEmulator } from './harness.ts';

const runs: BenchRun[] = [];
after(() => {
  for (const run of runs) cleanUp(run);
});

/** The test's own calls meet the same faults: try until one answers. */
async function patiently<T>(call: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      if (attempt >= 40) throw error;
    }
  }
}

describe('setup and teardown under --error-rate 0.3 (all callers)', () => {
  it('completes setup, fails the measured traffic (exit 99), writes its files and leaves nothing', async () => {
    await withEmulator({ faults: { errorRate: 0.3, callers: 'all' } }, async (emulator) => {
      const { users, tables } = adminApi(emulator);
      const run = await runBenchmark(emulator, { timeoutMs: 180_000 });
      runs.push(run);
      const explain = `exit ${run.exitCode}\n${run.stdout.slice(-1500)}\n${run.stderr.slice(-1500)}`;
      assert.equal(run.exitCode, 99, explain);
      assert.ok(run.record, `no result record: ${Object.keys(run.files).join(', ')}`);
      const outcome = run.record.outcome as { kind: string };
      assert.notEqual(outcome.kind, 'setup-failed', explain);
      assert.match(String(run.record.runId), /^\d{8}-\d{6}/);
      assert.ok(
        ['json', 'md', 'junit.xml', 'html'].every((ext) => `${run.record?.runId}.${ext}` in run.files),
        Object.keys(run.files).join(', '),
      );
      assert.ok(!('latest.json' in run.files), 'an invalid run became latest.json');
      assert.equal((run.record.validity as { valid: boolean }).valid, false);
      assert.equal((await patiently(() => users.list())).total, 0, 'users left behind');
      assert.deepEqual((await patiently(() => tables.list())).databases, [], 'databases left behind');
      assert.doesNotMatch(run.stderr, /could not delete/);
    });
  });
});
