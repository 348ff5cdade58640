// Test support: builds a handleSummary `data` object shaped like k6's legacy format (k6.md §1.3 and
// ../shared/fixtures/k6-summary/), with exactly the submetrics buildThresholds names and threshold `ok`
// flags evaluated from the values. Pure; used by Node tests only.

import { buildThresholds, SUMMARY_TREND_STATS } from '../../thresholds/build.ts';
import { DEFAULT_TARGETS, type LatencyTargets } from '../../thresholds/targets.ts';
import {
  type Phase,
  type RunContext,
  THRESHOLD_METRIC_TYPES,
  type ThresholdPlan,
  type WorkloadName,
} from '../contract/run-plan.ts';

export interface FakeTraffic {
  requests: number;
  failed: number;
  /** Latency in ms by k6 stat name: avg, min, med, max, p(90), p(95), p(99). */
  latency: Record<string, number>;
}

export interface FakeRun {
  plan: ThresholdPlan;
  targets?: LatencyTargets;
  phases: Partial<Record<Phase, FakeTraffic>>;
  workloads?: Partial<Record<`${WorkloadName}_${Phase}`, FakeTraffic>>;
  /** Requests outside measured phases (setup, teardown, warm-up). */
  otherRequests?: number;
  checks: { passes: number; fails: number };
  droppedIterations?: number;
  rateLimited?: Record<string, { count: number; minRemaining: number | null }>;
  /** The client's own budget keeping per route (appwrite_budget_skipped / appwrite_budget_wait_seconds). */
  budget?: Record<string, { skipped: number; waits: number; waitSeconds: number }>;
  /**
   * Seconds each phase was active (appwrite_phase_clock{phase:P} spans this from PHASE_CLOCK_START); a
   * phase left out has no gauge in the summary, as from a bundle without the phase clock.
   */
  activeSeconds?: Partial<Record<Phase, number>>;
  testRunDurationMs: number;
  setupData?: unknown;
  extraOptions?: Record<string, unknown>;
}

/** Unix seconds at which fake phases start. */
export const PHASE_CLOCK_START = 1_764_093_600;

const TYPES = THRESHOLD_METRIC_TYPES;

type Values = Record<string, number>;

function counter(count: number, seconds: number): Values {
  return { count, rate: seconds > 0 ? count / seconds : 0 };
}

function rate(passes: number, fails: number): Values {
  const total = passes + fails;
  return { rate: total > 0 ? passes / total : 0, passes, fails };
}

function trend(stats: Record<string, number>, count: number): Values {
  const values: Values = {};
  for (const stat of SUMMARY_TREND_STATS)
    values[stat] = stat === 'count' ? count : count === 0 ? 0 : (stats[stat] ?? 0);
  return values;
}

function evaluate(expression: string, values: Values): boolean {
  const match = /^(.+?)(<=|>=|===|==|!=|<|>)(.+)$/.exec(expression.replace(/\s+/g, ''));
  if (!match) throw new Error(`cannot evaluate ${expression}`);
  const [, aggregation = '', operator, limitText] = match;
  const actual = values[aggregation] ?? 0;
  const limit = Number(limitText);
  switch (operator) {
    case '<':
      return actual < limit;
    case '<=':
      return actual <= limit;
    case '>':
      return actual > limit;
    case '>=':
      return actual >= limit;
    case '!=':
      return actual !== limit;
    default:
      return actual === limit;
  }
}

function selectorOf(key: string): { metric: string; tags: Map<string, string> } {
  const open = key.indexOf('{');
  if (open === -1) return { metric: key, tags: new Map() };
  const tags = new Map<string, string>();
  for (const part of key.slice(open + 1, -1).split(',')) {
    const colon = part.indexOf(':');
    tags.set(part.slice(0, colon), part.slice(colon + 1));
  }
  return { metric: key.slice(0, open), tags };
}

export function fakeSummaryData(run: FakeRun): Record<string, unknown> {
  const seconds = run.testRunDurationMs / 1000;
  const thresholds = buildThresholds(run.plan, run.targets ?? DEFAULT_TARGETS);
  const measured = Object.values(run.phases);
  const totalRequests = measured.reduce((sum, t) => sum + t.requests, 0) + (run.otherRequests ?? 0);
  const totalFailed = measured.reduce((sum, t) => sum + t.failed, 0);
  const rateLimited = run.rateLimited ?? {};
  const limitedTotal = Object.values(rateLimited).reduce((sum, r) => sum + r.count, 0);
  const remaining = Object.values(rateLimited).flatMap((r) =>
    r.minRemaining === null ? [] : [r.minRemaining],
  );

  const valuesFor = (key: string): Values | null => {
    const { metric, tags } = selectorOf(key);
    const phase = tags.get('phase') as Phase | undefined;
    const workload = tags.get('workload') as WorkloadName | undefined;
    const route = tags.get('name');
    const slice =
      phase === undefined
        ? undefined
        : workload === undefined
          ? run.phases[phase]
          : run.workloads?.[`${workload}_${phase}`];
    const empty: FakeTraffic = { requests: 0, failed: 0, latency: {} };
    switch (metric) {
      case 'http_reqs':
        return counter(phase === undefined ? totalRequests : (slice ?? empty).requests, seconds);
      case 'http_req_failed': {
        const t = phase === undefined ? { requests: totalRequests, failed: totalFailed } : (slice ?? empty);
        return rate(t.failed, t.requests - t.failed);
      }
      case 'http_req_duration': {
        const t = phase === undefined ? (measured[0] ?? empty) : (slice ?? empty);
        return trend(t.latency, phase === undefined ? totalRequests : t.requests);
      }
      case 'checks':
        return rate(run.checks.passes, run.checks.fails);
      case 'dropped_iterations':
        return counter(run.droppedIterations ?? 0, seconds);
      case 'appwrite_rate_limited':
        return counter(route === undefined ? limitedTotal : (rateLimited[route]?.count ?? 0), seconds);
      case 'appwrite_ratelimit_remaining': {
        const seen =
          route === undefined
            ? remaining
            : [rateLimited[route]?.minRemaining ?? null].filter((v) => v !== null);
        const min = seen.length === 0 ? 0 : Math.min(...seen);
        return trend(
          { min, med: min, avg: min, max: min, 'p(90)': min, 'p(95)': min, 'p(99)': min },
          seen.length,
        );
      }
      case 'appwrite_budget_skipped':
        return counter(route === undefined ? 0 : (run.budget?.[route]?.skipped ?? 0), seconds);
      case 'appwrite_budget_wait_seconds': {
        const kept = route === undefined ? undefined : run.budget?.[route];
        const waits = kept?.waits ?? 0;
        const avg = kept === undefined || waits === 0 ? 0 : kept.waitSeconds / waits;
        return trend({ min: avg, med: avg, avg, max: avg, 'p(90)': avg, 'p(95)': avg, 'p(99)': avg }, waits);
      }
      case 'appwrite_phase_clock': {
        const active = phase === undefined ? undefined : run.activeSeconds?.[phase];
        if (active === undefined) return null;
        const end = PHASE_CLOCK_START + active;
        return { value: end, min: PHASE_CLOCK_START, max: end };
      }
      default:
        throw new Error(`no fake values for ${key}`);
    }
  };

  const metrics: Record<string, unknown> = {};
  for (const [key, entries] of Object.entries(thresholds)) {
    const { metric } = selectorOf(key);
    const values = valuesFor(key);
    if (values === null) continue;
    const entry: Record<string, unknown> = {
      type: TYPES[metric],
      contains: metric === 'http_req_duration' ? 'time' : 'default',
      values,
    };
    if (entries.length > 0) {
      entry.thresholds = Object.fromEntries(
        entries.map((e) => {
          const expression = typeof e === 'string' ? e : e.threshold;
          return [expression, { ok: evaluate(expression, values) }];
        }),
      );
    }
    metrics[key] = entry;
  }
  // Metrics k6 always reports, which no threshold names.
  metrics.http_req_duration = {
    type: 'trend',
    contains: 'time',
    values: valuesFor('http_req_duration') ?? {},
  };
  metrics['http_req_duration{expected_response:true}'] = {
    type: 'trend',
    contains: 'time',
    values: valuesFor('http_req_duration') ?? {},
  };
  metrics.iterations = { type: 'counter', contains: 'default', values: counter(totalRequests / 4, seconds) };
  metrics.vus = { type: 'gauge', contains: 'default', values: { value: 1, min: 1, max: 10 } };

  const data: Record<string, unknown> = {
    root_group: {
      name: '',
      path: '',
      id: 'd41d8cd98f00b204e9800998ecf8427e',
      groups: [],
      checks: [{ name: 'status is 201', path: '::status is 201', id: 'x', ...run.checks }],
    },
    options: {
      summaryTrendStats: [...SUMMARY_TREND_STATS],
      summaryTimeUnit: '',
      noColor: false,
      ...run.extraOptions,
    },
    state: { isStdOutTTY: false, isStdErrTTY: false, testRunDurationMs: run.testRunDurationMs },
    metrics,
  };
  if (run.setupData !== undefined) data.setup_data = run.setupData;
  return data;
}

export const BLOG_PLAN: ThresholdPlan = {
  profile: 'blog',
  phases: ['normal', 'heavy'],
  workloads: ['auth', 'writes', 'reads'],
  abortOnFail: false,
  expectRateLimits: false,
  rateLimitedRoutes: ['POST /account', 'POST /account/sessions/email', 'POST /tablesdb/{db}/tables/{t}/rows'],
};

const latency = (med: number): Record<string, number> => ({
  avg: med * 1.2,
  min: med / 3,
  med,
  max: med * 9,
  'p(90)': med * 2,
  'p(95)': med * 2.5,
  'p(99)': med * 4,
});

/** A healthy blog run: 60 s normal phase, 300 s heavy phase, three workloads. */
export function blogRun(overrides: Partial<FakeRun> = {}): FakeRun {
  const traffic = (requests: number, failed: number, med: number): FakeTraffic => ({
    requests,
    failed,
    latency: latency(med),
  });
  return {
    plan: BLOG_PLAN,
    phases: { normal: traffic(6_000, 0, 12), heavy: traffic(150_000, 0, 180) },
    workloads: {
      auth_normal: traffic(1_000, 0, 40),
      writes_normal: traffic(2_000, 0, 15),
      reads_normal: traffic(3_000, 0, 6),
      auth_heavy: traffic(25_000, 0, 600),
      writes_heavy: traffic(50_000, 0, 250),
      reads_heavy: traffic(75_000, 0, 90),
    },
    otherRequests: 540,
    checks: { passes: 312_000, fails: 0 },
    droppedIterations: 0,
    rateLimited: {
      'POST /account': { count: 0, minRemaining: 8 },
      'POST /account/sessions/email': { count: 0, minRemaining: 3 },
      'POST /tablesdb/{db}/tables/{t}/rows': { count: 0, minRemaining: 41 },
    },
    // The phases ran a little shorter than scheduled (60 s and 300 s).
    activeSeconds: { normal: 59.5, heavy: 299.5 },
    testRunDurationMs: 392_500,
    ...overrides,
  };
}

export function fakeContext(overrides: Partial<RunContext> = {}): RunContext {
  return {
    runId: 'blog-20261125T1800Z',
    label: '1.8.1',
    profile: 'blog',
    serverVersion: '1.8.1',
    endpointHost: 'localhost:8080/v1',
    phases: [
      { phase: 'normal', durationSeconds: 60 },
      { phase: 'heavy', durationSeconds: 300 },
    ],
    workloads: ['auth', 'writes', 'reads'],
    abuse: 'enabled',
    clientIps: 'per-vu',
    resultsDir: 'results',
    baseline: null,
    thresholdPlan: BLOG_PLAN,
    ...overrides,
  };
}
