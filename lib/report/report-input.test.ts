import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compareRecords } from './comparison.ts';
import { formatSeconds } from './format.ts';
import { blogRun, fakeContext, fakeSummaryData } from './k6-data.fixture.ts';
import { buildRecord } from './record.ts';
import { budgetLines, measuredLine, rateLimitLine, thresholdsLine, titleLine } from './report-input.ts';
import { ROUTE_BUDGETS, routeBudgetText } from './route-budgets.ts';

const END = Date.UTC(2026, 10, 25, 18, 30, 0);

describe('report lines', () => {
  it('says how long each phase was active against its schedule and which seconds RPS used', () => {
    const record = buildRecord(fakeSummaryData(blogRun()), fakeContext(), END);
    assert.equal(
      measuredLine(record),
      'measured: normal phase active 59.5 s (schedule: 60 s), 6,000 requests; heavy phase active 299.5 s (schedule: 300 s), 150,000 requests; requests per second use the active seconds',
    );
    const old = buildRecord(fakeSummaryData(blogRun({ activeSeconds: {} })), fakeContext(), END);
    assert.match(
      measuredLine(old),
      /active for an unknown time .*use the scheduled seconds \(appwrite_phase_clock missing/,
    );
  });

  it('explains an n/a response time by the phase the profile does not have', () => {
    const run = blogRun({
      phases: { normal: blogRun().phases.normal ?? { requests: 1, failed: 0, latency: {} } },
    });
    const context = fakeContext({ profile: 'smoke', phases: [{ phase: 'normal', durationSeconds: 120 }] });
    const record = buildRecord(fakeSummaryData(run), context, END);
    assert.match(measuredLine(record), /; no heavy phase in profile smoke, so its response time is n\/a$/);
  });

  it('lists 429s and the lowest remaining budget per route that was called', () => {
    const record = buildRecord(fakeSummaryData(blogRun()), fakeContext(), END);
    assert.equal(
      rateLimitLine(record),
      'rate limits: no 429 response (none expected); lowest X-RateLimit-Remaining seen: POST /account 8, POST /account/sessions/email 3, POST /tablesdb/{db}/tables/{t}/rows 41',
    );
    const limited = buildRecord(
      fakeSummaryData(
        blogRun({
          rateLimited: {
            'POST /account': { count: 1, minRemaining: 0 },
            'POST /account/sessions/email': { count: 0, minRemaining: null },
          },
        }),
      ),
      fakeContext(),
      END,
    );
    assert.equal(
      rateLimitLine(limited),
      'rate limits: 1 response 429 (unexpected); lowest X-RateLimit-Remaining seen: POST /account 0 (1 429)',
    );
  });

  it('says plainly when the client throttled a workload to stay within a budget', () => {
    const run = blogRun({
      budget: {
        'POST /account': { skipped: 12, waits: 0, waitSeconds: 0 },
        'POST /tablesdb/{db}/tables/{t}/rows': { skipped: 2, waits: 3, waitSeconds: 95.5 },
      },
    });
    const record = buildRecord(fakeSummaryData(run), fakeContext(), END);
    assert.deepEqual(budgetLines(record), [
      "budget: auth: 12 sign-ups skipped to stay within Appwrite's 10 per hour per IP budget",
      "budget: writes: 2 row creations skipped to stay within Appwrite's 120 per minute per IP and user budget; 3 waits to pace within or for the reset of the POST /tablesdb/{db}/tables/{t}/rows window (95.5 s in total)",
      'budget: skipped per workload: auth 12 (0.05% of its requests), writes 2 (0.004% of its requests)',
    ]);
    assert.equal(record.validity.valid, true);
  });

  it('says when nothing was throttled, when budgets were not kept, and when it is unknown', () => {
    const record = buildRecord(fakeSummaryData(blogRun()), fakeContext(), END);
    assert.deepEqual(budgetLines(record), [
      "budget: no request skipped or delayed by the client's own rate-limit budget keeping",
    ]);
    assert.deepEqual(budgetLines({ ...record, abuse: 'disabled' }), [
      'budget: not kept (ABUSE=disabled): every request was sent',
    ]);
    const unknown = {
      ...record,
      rateLimits: {
        ...record.rateLimits,
        routes: record.rateLimits.routes.map((r) => ({
          ...r,
          skipped: null,
          waits: null,
          waitSeconds: null,
        })),
      },
    };
    assert.deepEqual(budgetLines(unknown), ['budget: n/a (appwrite_budget_skipped not in the summary)']);
  });

  it('names the label once when it is the server version', () => {
    const record = buildRecord(fakeSummaryData(blogRun()), fakeContext(), END);
    assert.match(
      titleLine(record),
      /^Appwrite benchmark: run blog-20261125T1800Z, profile blog, server 1\.8\.1 at /,
    );
    assert.match(titleLine({ ...record, label: 'pr-123' }), /^Appwrite benchmark pr-123: run /);
  });

  it('knows every route the profiles call and falls back to the route name', () => {
    for (const route of [
      'POST /account',
      'POST /account/sessions/email',
      'DELETE /account/sessions/current',
      'POST /tablesdb/{db}/tables/{t}/rows',
      'POST /databases/{db}/collections/{c}/documents',
    ])
      assert.ok(route in ROUTE_BUDGETS, route);
    assert.equal(routeBudgetText('GET /x').requests, 'requests to GET /x');
  });

  it('formats seconds by magnitude', () => {
    assert.equal(formatSeconds(0.061), '0.061 s');
    assert.equal(formatSeconds(4.25), '4.25 s');
    assert.equal(formatSeconds(59.5), '59.5 s');
    assert.equal(formatSeconds(120), '120 s');
    assert.equal(formatSeconds(1_799.6), '1,800 s');
    assert.equal(formatSeconds(7_500), '2 h 5 min');
    assert.equal(formatSeconds(null), 'n/a');
  });

  it('says when the failed http_req_failed threshold comes from requests outside the measured phases', () => {
    const record = buildRecord(fakeSummaryData(blogRun({ otherRequests: 3 })), fakeContext(), END);
    const failing = {
      ...record,
      thresholds: [{ metric: 'http_req_failed', expression: 'rate==0', ok: false }],
    };
    assert.equal(
      thresholdsLine(failing),
      'thresholds: 1 of 1 FAILED: http_req_failed rate==0 (failed requests outside the measured phases: setup, warm-up or teardown; success rate counts only measured ones)',
    );
    const measuredFailures = { ...failing, measured: { ...failing.measured, failed: 2 } };
    assert.equal(thresholdsLine(measuredFailures), 'thresholds: 1 of 1 FAILED: http_req_failed rate==0');
  });
});

describe('comparability notes', () => {
  const record = buildRecord(fakeSummaryData(blogRun()), fakeContext(), END);
  it('notes a baseline that divided by scheduled seconds, different budget skips and smoke runs', () => {
    const old = { ...record, measured: { ...record.measured, rateBasis: 'scheduled' as const } };
    const throttled = buildRecord(
      fakeSummaryData(blogRun({ budget: { 'POST /account': { skipped: 12, waits: 0, waitSeconds: 0 } } })),
      fakeContext(),
      END,
    );
    const notes = compareRecords(old, throttled).notes;
    assert.ok(
      notes.includes(
        'not like for like: the seconds requests per second divided by was the scheduled seconds for the baseline and the active seconds (appwrite_phase_clock) for this run',
      ),
      notes.join('\n'),
    );
    assert.ok(
      notes.includes(
        "not like for like: requests the client's budget keeping skipped: 0 in the baseline and 12 in this run, so the runs sent different work",
      ),
    );
    assert.ok(!notes.some((n) => n.startsWith('profile smoke')));
    const smoke = { ...record, profile: 'smoke' as const };
    assert.ok(
      compareRecords(smoke, smoke).notes.some((n) => n.startsWith('profile smoke is a functional check')),
    );
    assert.deepEqual(
      compareRecords(record, record).notes.filter((n) => n.startsWith('not like for like')),
      [],
    );
  });
});
