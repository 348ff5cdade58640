// Setup in parallel (issue 8): pool users are created and logged in with http.batch, SETUP_CONCURRENCY
// (20) at a time. Against an emulator whose user create and login take 150 ms (real Appwrite hashes
// passwords), the server itself must see many of setup's requests at once; one by one it would see 1.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { type BenchRun, cleanUp, runBenchmark, withEmulator } from './harness.ts';

const runs: BenchRun[] = [];
after(() => {
  for (const run of runs) cleanUp(run);
});

const CREATE = 'POST /v1/users';
const LOGIN = 'POST /v1/account/sessions/email';

describe('setup creates and logs in pool users in parallel (sandbox → emulator)', () => {
  it('a 60-user pool: at least 10 creates and 10 logins in flight at once, and setup completes', async () => {
    const routeLatencyMs = { [CREATE]: 150, [LOGIN]: 150 };
    await withEmulator({ routeLatencyMs }, async (emulator) => {
      // PROFILE=normal with only reads plans a pool of 60 (its reads scenario's maxVUs); --iterations
      // replaces the scenarios, so after setup the run is one short iteration.
      const run = await runBenchmark(emulator, {
        env: { PROFILE: 'normal', SCENARIOS: 'reads' },
        vus: 1,
        iterations: 1,
        timeoutMs: 120_000,
      });
      runs.push(run);
      const explain = `exit ${run.exitCode}\n${run.stdout.slice(-1500)}\n${run.stderr.slice(-1500)}`;
      assert.equal(run.exitCode, 0, explain);
      assert.notEqual((run.record?.outcome as { kind?: string } | undefined)?.kind, 'setup-failed', explain);
      assert.equal((run.record?.outcome as { kind?: string } | undefined)?.kind, 'completed', explain);
      const seen = emulator.inFlight().maxByRoute;
      assert.ok((seen[CREATE] ?? 0) >= 10, `user creates at once: ${seen[CREATE]}`);
      assert.ok((seen[LOGIN] ?? 0) >= 10, `logins at once: ${seen[LOGIN]}`);
      // Bounded: never more than SETUP_CONCURRENCY at once.
      assert.ok((seen[CREATE] ?? 0) <= 20 && (seen[LOGIN] ?? 0) <= 20, JSON.stringify(seen));
    });
  });
});
