import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildThresholds, SUMMARY_TREND_STATS } from '../../thresholds/build.ts';
import { DEFAULT_TARGETS } from '../../thresholds/targets.ts';
import type { Phase, ThresholdPlan, WorkloadName } from '../contract/run-plan.ts';
import { checkRecord, loadBaseline, parseBaseline } from './baseline.ts';
import { BLOG_PLAN, blogRun, fakeContext, fakeSummaryData } from './k6-data.fixture.ts';
import { buildRecord, RECORD_KIND, RECORD_TREND_STATS, sanitizeEndpointHost } from './record.ts';

const END = Date.UTC(2026, 10, 25, 18, 30, 0);

describe('result record', () => {
  it('holds the table figures as defined', () => {
    const record = buildRecord(fakeSummaryData(blogRun()), fakeContext(), END);
    assert.equal(record.kind, RECORD_KIND);
    assert.equal(record.schemaVersion, 2);
    assert.deepEqual(record.producer, {
      runner: null,
      runnerVersion: null,
      machine: { host: null, cores: null, sameHostAsServer: null },
    });
    // Setup/teardown requests (otherRequests) are excluded; RPS divides by the 359 seconds the phases
    // were active (59.5 + 299.5), not by the 360 scheduled.
    assert.equal(record.table.totalRequests, 156_000);
    assert.equal(record.table.requestsPerSecond, 156_000 / 359);
    assert.deepEqual(record.measured, {
      scheduledSeconds: 360,
      observedSeconds: 359,
      rateBasis: 'observed',
      requests: 156_000,
      failed: 0,
    });
    assert.deepEqual(
      record.phases.map((p) => [p.phase, p.scheduledSeconds, p.observedSeconds]),
      [
        ['normal', 60, 59.5],
        ['heavy', 300, 299.5],
      ],
    );
    assert.equal(record.table.successRate, 1);
    assert.equal(record.table.latencyNormal, 12);
    assert.equal(record.table.latencyHeavy, 180);
    assert.equal(record.startedAt, '2026-11-25T18:23:27.500Z');
    assert.equal(record.endedAt, '2026-11-25T18:30:00.000Z');
    assert.deepEqual(record.validity, { valid: true, reasons: [] });
    assert.equal(record.thresholdsPassed, true);
    const readsHeavy = record.workloads.find((w) => w.workload === 'reads' && w.phase === 'heavy');
    assert.deepEqual(readsHeavy, {
      workload: 'reads',
      phase: 'heavy',
      requests: 75_000,
      failed: 0,
      latencyMs: { count: 75_000, avg: 108, min: 30, p50: 90, p90: 180, p95: 225, p99: 360, max: 810 },
    });
    assert.deepEqual(
      record.rateLimits.routes.map((r) => [r.name, r.count, r.minRemaining]),
      [
        ['POST /account', 0, 8],
        ['POST /account/sessions/email', 0, 3],
        ['POST /tablesdb/{db}/tables/{t}/rows', 0, 41],
      ],
    );
    assert.equal(record.rateLimits.minRemaining, 3);
  });

  it('divides by the active span of an iteration-based run that ends long before its schedule', () => {
    // The smoke case: 21 requests in 0.35 s of a phase scheduled for up to 120 s.
    const run = blogRun({ activeSeconds: { normal: 0.35, heavy: 0.7 } });
    const record = buildRecord(fakeSummaryData(run), fakeContext(), END);
    assert.equal(record.table.requestsPerSecond, 156_000 / (0.35 + 0.7));
    assert.equal(record.measured.rateBasis, 'observed');
  });

  it('falls back to scheduled seconds only when a phase has no phase clock', () => {
    for (const activeSeconds of [{}, { normal: 59.5 }, { normal: 59.5, heavy: 0 }]) {
      const record = buildRecord(fakeSummaryData(blogRun({ activeSeconds })), fakeContext(), END);
      assert.equal(record.table.requestsPerSecond, 156_000 / 360, JSON.stringify(activeSeconds));
      assert.equal(record.measured.rateBasis, 'scheduled');
      assert.equal(record.measured.observedSeconds, null);
    }
    // An empty gauge is reported as 0s by k6 (k6.md §1.3): no span, not a span from 1970.
    const data = fakeSummaryData(blogRun());
    const metrics = data.metrics as Record<string, { values: Record<string, number> }>;
    metrics['appwrite_phase_clock{phase:heavy}'] = { values: { value: 0, min: 0, max: 0 } };
    const record = buildRecord(data, fakeContext(), END);
    assert.equal(record.phases[1]?.observedSeconds, null);
    assert.equal(record.measured.rateBasis, 'scheduled');
  });

  it('reports the client budget keeping per route without making the run invalid', () => {
    const run = blogRun({
      budget: {
        'POST /account': { skipped: 12, waits: 0, waitSeconds: 0 },
        'POST /tablesdb/{db}/tables/{t}/rows': { skipped: 0, waits: 4, waitSeconds: 10 },
      },
    });
    const record = buildRecord(fakeSummaryData(run), fakeContext(), END);
    assert.deepEqual(
      record.rateLimits.routes.map((r) => [r.name, r.skipped, r.waits, r.waitSeconds]),
      [
        ['POST /account', 12, 0, 0],
        ['POST /account/sessions/email', 0, 0, 0],
        ['POST /tablesdb/{db}/tables/{t}/rows', 0, 4, 10],
      ],
    );
    assert.deepEqual(record.validity, { valid: true, reasons: [] });
  });

  it('computes success rate over the measured phases only', () => {
    const run = blogRun();
    run.phases.heavy = { ...(run.phases.heavy ?? { requests: 0, latency: {} }), failed: 3_000 };
    const record = buildRecord(fakeSummaryData(run), fakeContext(), END);
    assert.equal(record.table.successRate, 1 - 3_000 / 156_000);
    assert.equal(record.measured.failed, 3_000);
    assert.equal(record.thresholdsPassed, false);
    assert.ok(
      record.thresholds.some((t) => t.metric === 'http_req_failed' && t.expression === 'rate==0' && !t.ok),
    );
  });

  it('reads only submetrics that the thresholds name, for every phase/workload/route combination', () => {
    const phaseSets: Phase[][] = [['normal'], ['heavy'], ['normal', 'heavy']];
    const workloadSets: WorkloadName[][] = [
      ['auth'],
      ['writes', 'reads'],
      ['auth', 'writes', 'reads', 'limits'],
    ];
    const routeSets = [[], ['POST /account', 'POST /tablesdb/{db}/tables/{t}/rows']];
    for (const phases of phaseSets)
      for (const workloads of workloadSets)
        for (const rateLimitedRoutes of routeSets) {
          const plan: ThresholdPlan = { ...BLOG_PLAN, phases, workloads, rateLimitedRoutes };
          const read = new Set<string>();
          const metrics = new Proxy(fakeSummaryData(blogRun({ plan })).metrics as object, {
            has(target, key) {
              if (typeof key === 'string') read.add(key);
              return Reflect.has(target, key);
            },
          });
          const context = fakeContext({
            phases: phases.map((phase) => ({ phase, durationSeconds: 60 })),
            workloads,
            thresholdPlan: plan,
          });
          buildRecord({ metrics }, context, END);
          const named = new Set(Object.keys(buildThresholds(plan, DEFAULT_TARGETS)));
          assert.ok(read.size >= 3 * phases.length * (1 + workloads.length));
          for (const key of read) assert.ok(named.has(key), `${key} is read but not named in thresholds`);
        }
    for (const stat of RECORD_TREND_STATS) assert.ok(SUMMARY_TREND_STATS.includes(stat), stat);
  });

  it('marks a run invalid for dropped iterations, unexpected 429s, failed checks and empty phases', () => {
    const run = blogRun({
      droppedIterations: 12,
      checks: { passes: 10, fails: 2 },
      rateLimited: { 'POST /account': { count: 7, minRemaining: 0 } },
    });
    delete run.phases.heavy;
    const record = buildRecord(fakeSummaryData(run), fakeContext(), END);
    assert.equal(record.validity.valid, false);
    assert.equal(record.validity.reasons.length, 4);
    assert.match(record.validity.reasons[0] ?? '', /^12 dropped iteration/);
    assert.match(record.validity.reasons[1] ?? '', /^7 unexpected 429 .*\(POST \/account: 7\)/);
    assert.match(record.validity.reasons[2] ?? '', /^2 of 12 check\(s\) failed/);
    assert.match(record.validity.reasons[3] ?? '', /^phase heavy: no requests measured/);
    assert.equal(record.table.latencyHeavy, null);
  });

  it('accepts 429s when the plan expects them', () => {
    const plan = { ...BLOG_PLAN, expectRateLimits: true };
    const run = blogRun({ plan, rateLimited: { 'POST /account': { count: 7, minRemaining: 0 } } });
    const record = buildRecord(fakeSummaryData(run), fakeContext({ thresholdPlan: plan }), END);
    assert.deepEqual(record.validity, { valid: true, reasons: [] });
    assert.equal(record.rateLimits.total, 7);
  });

  it('gives nulls, not NaN, for missing or NaN metrics and unusable data', () => {
    const data = fakeSummaryData(blogRun());
    const metrics = data.metrics as Record<string, { values: Record<string, unknown> }>;
    delete metrics['http_reqs{phase:normal}'];
    const heavy = metrics['http_req_duration{phase:heavy}'];
    if (heavy) heavy.values.med = Number.NaN;
    const record = buildRecord(data, fakeContext(), END);
    assert.equal(record.table.totalRequests, null);
    assert.equal(record.table.requestsPerSecond, null);
    assert.equal(record.table.latencyHeavy, null);
    assert.ok(!JSON.stringify(record).includes('NaN'));
    for (const garbage of [null, 'text', 42, { metrics: [] }, { metrics: { checks: 'x' } }]) {
      const empty = buildRecord(garbage, fakeContext(), null);
      assert.equal(empty.validity.valid, false);
      assert.equal(empty.table.successRate, null);
    }
  });

  it('strips credentials from the endpoint', () => {
    assert.equal(
      sanitizeEndpointHost('https://user:s3cret@appwrite.example.com/v1?key=abc#x'),
      'appwrite.example.com/v1',
    );
    assert.equal(sanitizeEndpointHost('localhost:8080/v1'), 'localhost:8080/v1');
  });
});

describe('baseline', () => {
  const record = buildRecord(fakeSummaryData(blogRun()), fakeContext(), END);

  it('round-trips a record through JSON', () => {
    const parsed = parseBaseline(JSON.stringify(record));
    assert.ok(parsed.ok);
    assert.deepEqual(parsed.ok && parsed.record, record);
  });

  it('names what is wrong with a foreign or broken file', () => {
    const problem = (text: string) => {
      const result = parseBaseline(text);
      return result.ok ? 'ok' : result.problem;
    };
    assert.match(problem('{"metrics": {}}'), /not a result record of this suite/);
    assert.match(problem('not json'), /^not JSON/);
    assert.match(
      problem(JSON.stringify({ ...record, schemaVersion: 3 })),
      /schemaVersion: expected one of 1, 2, got 3/,
    );
    assert.match(
      problem(JSON.stringify({ ...record, table: { ...record.table, latencyHeavy: 'fast' } })),
      /record\.table\.latencyHeavy must be a number/,
    );
    assert.match(
      problem(JSON.stringify({ ...record, phases: [{ phase: 'peak' }] })),
      /record\.phases\[0\]\.phase must be one of/,
    );
    assert.equal(checkRecord(record).ok, true);
  });

  it('reads a record written before the phase clock and budget fields, as scheduled and unknown', () => {
    const old = JSON.parse(JSON.stringify(record));
    delete old.measured.observedSeconds;
    delete old.measured.rateBasis;
    for (const phase of old.phases) delete phase.observedSeconds;
    for (const route of old.rateLimits.routes) {
      delete route.skipped;
      delete route.waits;
      delete route.waitSeconds;
    }
    const parsed = parseBaseline(JSON.stringify(old));
    assert.ok(parsed.ok);
    if (!parsed.ok) return;
    assert.equal(parsed.record.measured.rateBasis, 'scheduled');
    assert.equal(parsed.record.measured.observedSeconds, null);
    assert.deepEqual(
      parsed.record.phases.map((p) => p.observedSeconds),
      [null, null],
    );
    assert.ok(parsed.record.rateLimits.routes.every((r) => r.skipped === null && r.waitSeconds === null));
    assert.match(
      (() => {
        const bad = parseBaseline(
          JSON.stringify({ ...record, measured: { ...record.measured, rateBasis: 'guessed' } }),
        );
        return bad.ok ? 'ok' : bad.problem;
      })(),
      /record\.measured\.rateBasis must be one of observed, scheduled/,
    );
  });

  it('turns a missing, unreadable or foreign baseline into a warning', () => {
    assert.deepEqual(loadBaseline(null), { record: null, warning: null });
    const unreadable = loadBaseline({ path: 'old.json', error: 'file not found' });
    assert.equal(unreadable.record, null);
    assert.match(
      unreadable.warning ?? '',
      /^warning: baseline old\.json could not be read \(file not found\)/,
    );
    const foreign = loadBaseline({ path: 'k6.json', content: '{"root_group":{}}' });
    assert.match(foreign.warning ?? '', /^warning: baseline k6\.json ignored: not a result record/);
  });
});
