import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  type Phase,
  type ProfileName,
  THRESHOLD_METRIC_TYPES,
  type ThresholdPlan,
  type WorkloadName,
} from '../lib/contract/run-plan.ts';
import {
  buildThresholds,
  DuplicateThresholdError,
  SUMMARY_TREND_STATS,
  type ThresholdEntry,
} from './build.ts';
import { InvalidTagValueError } from './keys.ts';
import { DEFAULT_TARGETS, parseTargets } from './targets.ts';

// A small k6 threshold validator (k6.md §2; grafana/k6 metrics/metric.go ParseMetricName,
// metrics/thresholds_parser.go): the metric part, the tag selector, and aggregation-by-type.
const METRIC_TYPES = THRESHOLD_METRIC_TYPES;
const AGGREGATIONS = {
  counter: /^(count|rate)$/,
  rate: /^rate$/,
  gauge: /^value$/,
  trend: /^(avg|min|max|med|p\((\d{1,3}(\.\d+)?)\))$/,
};

function validateKey(key: string): { metric: string; tags: Map<string, string> } {
  const open = key.indexOf('{');
  const close = key.lastIndexOf('}');
  const metric = open === -1 ? key : key.slice(0, open);
  assert.match(metric, /^[a-z_][a-z0-9_]*$/, `metric name of ${key}`);
  assert.ok(metric in METRIC_TYPES, `unknown metric in ${key}`);
  const tags = new Map<string, string>();
  if (open === -1) {
    assert.equal(close, -1, `unmatched brace in ${key}`);
    return { metric, tags };
  }
  assert.equal(close, key.length - 1, `selector must end the key: ${key}`);
  for (const part of key.slice(open + 1, close).split(',')) {
    const colon = part.indexOf(':');
    assert.ok(colon > 0 && colon < part.length - 1, `malformed tag ${part} in ${key}`);
    const name = part.slice(0, colon);
    const value = part.slice(colon + 1);
    assert.equal(value, value.trim().replace(/^["']|["']$/g, ''), `value k6 would trim in ${key}`);
    assert.ok(!tags.has(name), `tag ${name} twice in ${key}`);
    tags.set(name, value);
  }
  return { metric, tags };
}

function validateExpression(metric: string, entry: ThresholdEntry): void {
  const expression = typeof entry === 'string' ? entry : entry.threshold;
  const match = /^\s*([a-z]+(?:\([\d.]+\))?)\s*(<=|>=|===|==|!=|<|>)\s*(-?\d+(?:\.\d+)?)\s*$/.exec(
    expression,
  );
  assert.ok(match, `unparsable threshold ${expression}`);
  const type = METRIC_TYPES[metric];
  assert.ok(type);
  assert.match(match[1] ?? '', AGGREGATIONS[type], `${match[1]} is not an aggregation of a ${type}`);
  const percentile = /^p\((.+)\)$/.exec(match[1] ?? '');
  if (percentile) assert.ok(Number(percentile[1]) <= 100);
  if (typeof entry !== 'string') {
    assert.deepEqual(Object.keys(entry).sort(), ['abortOnFail', 'threshold']);
  }
}

function subsets<T>(items: readonly T[]): T[][] {
  const result: T[][] = [];
  for (let mask = 1; mask < 1 << items.length; mask++) result.push(items.filter((_, i) => mask & (1 << i)));
  return result;
}

const PROFILES: ProfileName[] = ['smoke', 'normal', 'heavy', 'blog', 'stress', 'soak'];
const ROUTE_SETS = [
  [],
  ['POST /account'],
  ['POST /account/sessions/email', 'POST /tablesdb/{db}/tables/{t}/rows'],
];

function* allPlans(): Generator<ThresholdPlan> {
  for (const profile of PROFILES)
    for (const phases of subsets<Phase>(['normal', 'heavy']))
      for (const workloads of subsets<WorkloadName>(['auth', 'writes', 'reads', 'limits']))
        for (const abortOnFail of [false, true])
          for (const expectRateLimits of [false, true])
            for (const rateLimitedRoutes of ROUTE_SETS)
              yield { profile, phases, workloads, abortOnFail, expectRateLimits, rateLimitedRoutes };
}

describe('buildThresholds', () => {
  it('gives valid, unique k6 keys and expressions for every plan', () => {
    let plans = 0;
    for (const plan of allPlans()) {
      plans++;
      const thresholds = buildThresholds(plan, DEFAULT_TARGETS);
      const selectors = new Set<string>();
      for (const [key, entries] of Object.entries(thresholds)) {
        const { metric, tags } = validateKey(key);
        // Unique by meaning too: the same tag set in another order would be the same k6 submetric.
        const canonical = `${metric}{${[...tags].sort().join(',')}}`;
        assert.ok(!selectors.has(canonical), `duplicate submetric ${key}`);
        selectors.add(canonical);
        for (const entry of entries) {
          validateExpression(metric, entry);
          if (typeof entry !== 'string')
            assert.ok(plan.abortOnFail, `object form only when aborting: ${key}`);
        }
      }
      for (const phase of plan.phases) {
        assert.ok(`http_reqs{phase:${phase}}` in thresholds);
        assert.ok(`http_req_failed{phase:${phase}}` in thresholds);
        assert.deepEqual(thresholds[`appwrite_phase_clock{phase:${phase}}`], []);
        for (const workload of plan.workloads) {
          assert.ok(`http_req_duration{phase:${phase},workload:${workload}}` in thresholds);
        }
      }
      for (const route of plan.rateLimitedRoutes) {
        assert.deepEqual(thresholds[`appwrite_rate_limited{name:${route}}`], []);
        assert.deepEqual(thresholds[`appwrite_ratelimit_remaining{name:${route}}`], []);
        assert.deepEqual(thresholds[`appwrite_budget_skipped{name:${route}}`], []);
        assert.deepEqual(thresholds[`appwrite_budget_wait_seconds{name:${route}}`], []);
      }
    }
    assert.equal(plans, 6 * 3 * 15 * 2 * 2 * 3);
  });

  it('requires 100% success and guards against vacuous passes', () => {
    const plan: ThresholdPlan = {
      profile: 'blog',
      phases: ['normal', 'heavy'],
      workloads: ['writes', 'reads'],
      abortOnFail: false,
      expectRateLimits: false,
      rateLimitedRoutes: [],
    };
    const thresholds = buildThresholds(plan, DEFAULT_TARGETS);
    assert.deepEqual(thresholds.http_req_failed, ['rate==0']);
    assert.deepEqual(thresholds.checks, ['rate==1']);
    assert.deepEqual(thresholds.http_reqs, ['count>0']);
    assert.deepEqual(thresholds.dropped_iterations, ['count==0']);
    assert.deepEqual(thresholds.appwrite_rate_limited, ['count==0']);
    assert.deepEqual(thresholds['http_req_duration{phase:heavy,workload:writes}'], ['p(95)<3000']);
    assert.deepEqual(thresholds['http_req_duration{phase:normal}'], ['p(95)<1000', 'p(99)<2500']);
    assert.equal(thresholds['http_req_duration{phase:normal,workload:auth}'], undefined);
    assert.deepEqual(
      buildThresholds({ ...plan, expectRateLimits: true }, DEFAULT_TARGETS).appwrite_rate_limited,
      [],
    );
  });

  it('uses the object form with abortOnFail, except for guards that only pass at the end', () => {
    const plan: ThresholdPlan = {
      profile: 'smoke',
      phases: ['normal'],
      workloads: ['reads'],
      abortOnFail: true,
      expectRateLimits: false,
      rateLimitedRoutes: [],
    };
    const thresholds = buildThresholds(plan, DEFAULT_TARGETS);
    assert.deepEqual(thresholds.checks, [{ threshold: 'rate==1', abortOnFail: true }]);
    assert.deepEqual(thresholds.http_reqs, ['count>0']);
    assert.deepEqual(thresholds['http_req_duration{phase:normal,workload:reads}'], [
      { threshold: 'p(95)<500', abortOnFail: true },
    ]);
  });

  it('applies overridden targets and drops removed ones', () => {
    const targets = parseTargets(
      { phases: { heavy: { 'p(99)': null, med: 400 } }, workloads: { reads: { heavy: { 'p(95)': 900 } } } },
      'test.json',
    );
    const plan: ThresholdPlan = {
      profile: 'heavy',
      phases: ['heavy'],
      workloads: ['reads'],
      abortOnFail: false,
      expectRateLimits: false,
      rateLimitedRoutes: [],
    };
    const thresholds = buildThresholds(plan, targets);
    assert.deepEqual(thresholds['http_req_duration{phase:heavy}'], ['p(95)<3000', 'med<400']);
    assert.deepEqual(thresholds['http_req_duration{phase:heavy,workload:reads}'], ['p(95)<900']);
  });

  it('refuses a route name k6 would split or trim', () => {
    const plan: ThresholdPlan = {
      profile: 'smoke',
      phases: ['normal'],
      workloads: ['reads'],
      abortOnFail: false,
      expectRateLimits: false,
      rateLimitedRoutes: ['GET /a,b'],
    };
    assert.throws(() => buildThresholds(plan, DEFAULT_TARGETS), InvalidTagValueError);
    assert.throws(
      () => buildThresholds({ ...plan, rateLimitedRoutes: [' GET /x'] }, DEFAULT_TARGETS),
      /trailing spaces/,
    );
  });

  it('lists only stats k6 accepts in summaryTrendStats, including those the table reads', () => {
    for (const stat of SUMMARY_TREND_STATS) assert.match(stat, /^(avg|min|med|max|count|p\(\d+(\.\d+)?\))$/);
    for (const stat of ['med', 'p(90)', 'p(95)', 'p(99)', 'min'])
      assert.ok(SUMMARY_TREND_STATS.includes(stat));
  });

  it('exports a typed error for duplicates', () => {
    assert.match(new DuplicateThresholdError('checks').message, /checks twice/);
  });
});
