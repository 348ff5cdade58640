// The one thresholds builder for every profile (issue 5, "Shared thresholds"). Pure module.
// k6 syntax: ../shared/reference/k6.md §2 (aggregations per metric type, object form with abortOnFail).
import {
  METRIC_RATE_LIMIT_REMAINING,
  METRIC_RATE_LIMITED,
  type ThresholdPlan,
} from '../lib/contract/run-plan.ts';
import {
  budgetSkippedKey,
  budgetWaitKey,
  phaseClockKey,
  phaseKey,
  rateLimitedKey,
  remainingKey,
  workloadKey,
} from './keys.ts';
import type { LatencyTargets } from './targets.ts';

/**
 * Every trend stat the comparison table and the result record read. The entry must set
 * `options.summaryTrendStats` to this: k6 reports only these keys in `values` (k6.md §1.3).
 */
export const SUMMARY_TREND_STATS: readonly string[] = [
  'avg',
  'min',
  'med',
  'max',
  'p(90)',
  'p(95)',
  'p(99)',
  'count',
];

export type ThresholdEntry = string | { threshold: string; abortOnFail?: boolean; delayAbortEval?: string };
export type Thresholds = Record<string, ThresholdEntry[]>;

export class DuplicateThresholdError extends Error {
  override name = 'DuplicateThresholdError' as const;
  constructor(key: string) {
    super(`duplicate threshold key: expected each metric/submetric once, got ${key} twice`);
  }
}

/**
 * k6 thresholds for a profile: 100% success, guards against vacuous passes, latency targets per phase and
 * per workload, and an empty entry for every submetric the summary reads (k6 reports submetrics only when
 * they are named in thresholds; k6.md §1.3). Keys are unique by construction (checked at insert).
 */
export function buildThresholds(plan: ThresholdPlan, targets: LatencyTargets): Thresholds {
  const thresholds = new Map<string, ThresholdEntry[]>();
  const add = (key: string, entries: ThresholdEntry[]) => {
    if (thresholds.has(key)) throw new DuplicateThresholdError(key);
    thresholds.set(key, entries);
  };
  // Stops a smoke run at the first failure; guards that can only pass at the end (count>0) never abort,
  // since early evaluations (every 2 s, k6.md §2) would see zero requests before the first phase starts.
  const gate = (expression: string): ThresholdEntry =>
    plan.abortOnFail ? { threshold: expression, abortOnFail: true } : expression;

  add('http_req_failed', [gate('rate==0')]);
  add('checks', [gate('rate==1')]);
  add('http_reqs', ['count>0']);
  add('dropped_iterations', [gate('count==0')]);
  add(METRIC_RATE_LIMITED, plan.expectRateLimits ? [] : [gate('count==0')]);

  const limits = (record: Readonly<Record<string, number>>): ThresholdEntry[] =>
    Object.entries(record).map(([stat, ms]) => gate(`${stat}<${ms}`));

  for (const phase of unique(plan.phases)) {
    add(phaseKey('http_req_duration', phase), limits(targets.phases[phase]));
    add(phaseKey('http_reqs', phase), []);
    add(phaseKey('http_req_failed', phase), []);
    // The phase's active span (max − min), which requests per second divide by.
    add(phaseClockKey(phase), []);
    for (const workload of unique(plan.workloads)) {
      add(workloadKey('http_req_duration', phase, workload), limits(targets.workloads[workload][phase]));
      add(workloadKey('http_reqs', phase, workload), []);
      add(workloadKey('http_req_failed', phase, workload), []);
    }
  }
  for (const route of unique(plan.rateLimitedRoutes)) {
    add(rateLimitedKey(route), []);
    add(remainingKey(route), []);
    // Throttling by the client's own budget keeping (not the server's): reported, never a failure.
    add(budgetSkippedKey(route), []);
    add(budgetWaitKey(route), []);
  }
  // The remaining-budget trend is shown per route only; name the parent so it is reported even when
  // the plan lists no route.
  if (!thresholds.has(METRIC_RATE_LIMIT_REMAINING)) add(METRIC_RATE_LIMIT_REMAINING, []);
  return Object.fromEntries(thresholds);
}

function unique<T>(items: readonly T[]): T[] {
  return [...new Set(items)];
}
