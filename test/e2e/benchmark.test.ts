// The benchmark end to end: dist/appwrite.js run by the k6 sandbox against the Appwrite emulator.
// Each case is one thing a user relies on (issue: "The benchmark", section Tests).
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { Permission, Role } from 'node-appwrite';
import {
  adminApi,
  allOutput,
  type BenchRun,
  cleanUp,
  runBenchmark,
  startRecorder,
  withEmulator,
} from './harness.ts';

const runs: BenchRun[] = [];
after(() => {
  for (const run of runs) cleanUp(run);
});
async function bench(...args: Parameters<typeof runBenchmark>): Promise<BenchRun> {
  const run = await runBenchmark(...args);
  runs.push(run);
  return run;
}
const explain = (run: BenchRun) =>
  `exit ${run.exitCode}\n--- stdout\n${run.stdout}\n--- stderr\n${run.stderr}`;

interface Validity {
  valid: boolean;
  reasons: string[];
}
const validity = (run: BenchRun) => run.record?.validity as Validity | undefined;
function table(run: BenchRun): { successRate: number; totalRequests: number } {
  assert.ok(run.record, `no result record\n${explain(run)}`);
  return run.record.table as { successRate: number; totalRequests: number };
}
const failedThresholds = (run: BenchRun) =>
  (
    (run.record?.thresholds ?? []) as Array<{
      metric?: string;
      key?: string;
      threshold?: string;
      ok: boolean;
    }>
  )
    .filter((t) => !t.ok)
    .map((t) => `${t.metric ?? t.key ?? ''} ${t.threshold ?? ''}`.trim());

describe('benchmark end to end (sandbox → emulator)', { concurrency: 1 }, () => {
  it('passes every threshold of the smoke profile against a healthy server and writes every result file', async () => {
    await withEmulator({}, async (emulator) => {
      const run = await bench(emulator);
      assert.equal(run.exitCode, 0, explain(run));
      assert.match(run.stdout, /Success rate/);
      assert.match(run.stdout, /this run is VALID/);
      const runId = run.record?.runId;
      assert.equal(typeof runId, 'string');
      for (const suffix of ['.json', '.md', '.junit.xml', '.html']) {
        assert.ok(run.files[`${runId}${suffix}`], `missing results/${runId}${suffix}`);
      }
      assert.deepEqual(validity(run), { valid: true, reasons: [] });
      assert.equal(table(run).successRate, 1);
      assert.ok(table(run).totalRequests > 0);
    });
  });

  for (const scenario of ['auth', 'writes', 'reads']) {
    it(`passes with SCENARIOS=${scenario} alone`, async () => {
      await withEmulator({}, async (emulator) => {
        const run = await bench(emulator, { env: { SCENARIOS: scenario } });
        assert.equal(run.exitCode, 0, explain(run));
        assert.equal(validity(run)?.valid, true, explain(run));
      });
    });
  }

  it('checks the abuse control of the server with SCENARIOS=limits: the 429 is expected, not a failure', async () => {
    await withEmulator({ abuse: 'enabled' }, async (emulator) => {
      const run = await bench(emulator, { env: { SCENARIOS: 'limits,reads' } });
      assert.equal(run.exitCode, 0, explain(run));
      const limits = run.record?.rateLimits as { expected: boolean; total: number };
      assert.equal(limits.expected, true);
      assert.ok(limits.total >= 1, JSON.stringify(limits));
      assert.equal(validity(run)?.valid, true, explain(run));
    });
  });

  it('drives the Databases API (collections/documents) of a 1.7 server', async () => {
    await withEmulator({ appwriteVersion: '1.7.4' }, async (emulator) => {
      const run = await bench(emulator);
      assert.equal(run.exitCode, 0, explain(run));
      assert.match(run.stdout, /POST \/databases\/\{db\}\/collections\/\{c\}\/documents/);
      assert.equal(run.record?.serverVersion, '1.7.4');
    });
  });

  it('fails the success thresholds (exit 99) when the server answers errors', async () => {
    await withEmulator({ faults: { reads: { errorRate: 1 }, callers: 'clients' } }, async (emulator) => {
      const run = await bench(emulator, { env: { SCENARIOS: 'reads' } });
      assert.equal(run.exitCode, 99, explain(run));
      assert.ok(
        failedThresholds(run).some((t) => t.includes('http_req_failed') || t.includes('checks')),
        failedThresholds(run).join('\n'),
      );
    });
  });

  it('fails the latency thresholds (exit 99), and only those, when the server is slow', async () => {
    await withEmulator({ faults: { reads: { latencyMs: 60 }, callers: 'clients' } }, async (emulator) => {
      const cwd = mkdtempSync(join(tmpdir(), 'bench-targets-'));
      writeFileSync(
        join(cwd, 'targets.json'),
        JSON.stringify({ workloads: { reads: { normal: { 'p(95)': 30 } } } }),
      );
      const run = await bench(emulator, { cwd, env: { SCENARIOS: 'reads', TARGETS: 'targets.json' } });
      assert.equal(run.exitCode, 99, explain(run));
      const failed = failedThresholds(run);
      assert.ok(failed.length > 0 && failed.every((t) => t.includes('http_req_duration')), failed.join('\n'));
      assert.equal(table(run).successRate, 1);
    });
  });

  it('counts 429s and marks the run invalid when many clients share one address over the budget', async () => {
    await withEmulator({ abuse: 'enabled' }, async (emulator) => {
      // 4 VUs behind one address share Appwrite's 10 sign-ups per hour per IP (POST /v1/account).
      const run = await bench(emulator, {
        env: { SCENARIOS: 'auth', CLIENT_IPS: 'single' },
        vus: 4,
        iterations: 24,
      });
      assert.equal(run.exitCode, 99, explain(run));
      const limits = run.record?.rateLimits as {
        total: number;
        routes: Array<{ name: string; count: number }>;
      };
      assert.ok(limits.total > 0, explain(run));
      assert.ok(
        limits.routes.some((r) => r.name === 'POST /account' && r.count > 0),
        JSON.stringify(limits),
      );
      assert.equal(validity(run)?.valid, false);
      assert.ok(
        validity(run)?.reasons.some((r) => /429/.test(r)),
        JSON.stringify(validity(run)),
      );
      assert.match(run.stdout, /INVALID/);
    });
  });

  it('deletes what the run created in teardown and leaves data that existed before untouched', async () => {
    await withEmulator({}, async (emulator) => {
      const { users, tables } = adminApi(emulator);
      const keeper = await users.create({
        userId: 'keeper',
        email: 'keeper@example.com',
        password: 'Password123!',
      });
      await tables.create({ databaseId: 'keepdb', name: 'keep' });
      await tables.createTable({
        databaseId: 'keepdb',
        tableId: 'keeptable',
        name: 'keep',
        permissions: [Permission.read(Role.any())],
      });
      const usersBefore = (await users.list()).total;

      const run = await bench(emulator);
      assert.equal(run.exitCode, 0, explain(run));

      assert.equal((await users.get({ userId: keeper.$id })).$id, 'keeper');
      assert.equal((await tables.getTable({ databaseId: 'keepdb', tableId: 'keeptable' })).$id, 'keeptable');
      assert.equal((await users.list()).total, usersBefore, 'users left behind by the run');
      const databases = await tables.list();
      assert.deepEqual(
        databases.databases.map((d) => d.$id),
        ['keepdb'],
      );
      assert.doesNotMatch(run.stderr, /could not delete/);
    });
  });

  it('lets several k6 instances (execution segments, one RUN_ID) share a server without colliding', async () => {
    await withEmulator({}, async (emulator) => {
      const { users } = adminApi(emulator);
      const before = (await users.list()).total;
      // As k6-operator starts its runners: same script, same RUN_ID, one segment each; every runner runs setup.
      const segments = ['0:1/2', '1/2:1'];
      const [first, second] = await Promise.all(
        segments.map((segment) =>
          bench(emulator, {
            env: { RUN_ID: 'shared-run', SCENARIOS: 'auth,writes,reads' },
            vus: 2,
            iterations: 4,
            executionSegment: segment,
            executionSegmentSequence: '0,1/2,1',
          }),
        ),
      );
      assert.ok(first && second);
      assert.equal(first.exitCode, 0, explain(first));
      assert.equal(second.exitCode, 0, explain(second));
      assert.equal((await users.list()).total, before, 'users left behind by one of the instances');
    });
  });

  it('compares with a baseline given as a path relative to where the run starts', async () => {
    await withEmulator({}, async (emulator) => {
      const first = await bench(emulator, { env: { LABEL: 'before' } });
      assert.equal(first.exitCode, 0, explain(first));
      const baselineName = `${String(first.record?.runId)}.json`;
      const second = await bench(emulator, {
        cwd: first.cwd,
        env: { LABEL: 'after', BASELINE: `results/${baselineName}` },
      });
      assert.equal(second.exitCode, 0, explain(second));
      assert.match(second.stdout, /before/);
      assert.match(second.stdout, /after/);
      assert.match(second.stdout, /[+−-]\d+(\.\d+)?%/);
      assert.doesNotMatch(second.stdout, /no baseline/);
    });
  });

  it('warns about a missing baseline and still writes every result', async () => {
    await withEmulator({}, async (emulator) => {
      const run = await bench(emulator, { env: { BASELINE: 'results/does-not-exist.json' } });
      assert.equal(run.exitCode, 0, explain(run));
      assert.match(run.stdout, /does-not-exist\.json/);
      assert.ok(run.record, 'no result record written');
    });
  });

  it('never prints or writes the API key or a session token', async () => {
    await withEmulator({ apiKey: 'secret-key-that-must-not-leak-0123456789' }, async (emulator) => {
      const run = await bench(emulator, { env: { SCENARIOS: 'auth,writes,reads,limits' } });
      assert.equal(run.exitCode, 0, explain(run));
      const output = allOutput(run);
      assert.ok(!output.includes(emulator.apiKey), 'the API key appears in the output');
      // Session values are base64 of {"id":...,"secret":...} (appwrite.md §2): "eyJpZCI6" is its prefix.
      assert.doesNotMatch(output, /eyJpZCI6/);
      assert.doesNotMatch(output, /a_session_[\w-]+=\S/);
    });
  });

  describe('refuses invalid configuration at init, before any request', () => {
    const cases: Array<[Record<string, string>, RegExp]> = [
      [{ PROFILE: 'bogus' }, /invalid PROFILE: expected one of .*got `bogus`/],
      [{ SCENARIOS: 'reads,bogus' }, /invalid SCENARIOS/],
      [{ ABUSE: 'maybe' }, /invalid ABUSE/],
      [{ CLIENT_IPS: 'many' }, /invalid CLIENT_IPS/],
      [{ APPWRITE_ENDPOINT: 'ftp://x/v1' }, /invalid APPWRITE_ENDPOINT/],
      [{ APPWRITE_VERSION: '0.1' }, /invalid APPWRITE_VERSION/],
      [{ RUN_ID: 'has spaces' }, /invalid RUN_ID/],
      [{ TARGETS: 'no-such-targets.json' }, /TARGETS/],
      [
        { PROFILE: 'heavy', APPWRITE_ENDPOINT: 'http://appwrite.example.com/v1' },
        /invalid ALLOW_REMOTE_LOAD/,
      ],
    ];
    for (const [env, message] of cases) {
      it(
        Object.entries(env)
          .map(([k, v]) => `${k}=${v}`)
          .join(' '),
        async () => {
          const recorder = await startRecorder();
          try {
            const run = await bench(null, {
              env: {
                APPWRITE_ENDPOINT: recorder.url,
                APPWRITE_PROJECT_ID: 'bench',
                APPWRITE_API_KEY: 'k',
                ...env,
              },
            });
            assert.equal(run.exitCode, 107, explain(run));
            assert.match(run.stderr, message);
            assert.equal(recorder.requests(), 0, 'a request was sent despite invalid configuration');
          } finally {
            await recorder.close();
          }
        },
      );
    }
  });
});
