// Names of k6 submetrics, shared by the thresholds (which create them) and the summary (which reads them).
// k6 keys a submetric in handleSummary's data by exactly the text used in `options.thresholds`
// (grafana/k6 metrics/metric.go `AddSubmetric`: Name = metric + "{" + trimmed text + "}"), so both sides
// must build the text the same way. Pure module.
import {
  METRIC_BUDGET_SKIPPED,
  METRIC_BUDGET_WAIT,
  METRIC_PHASE_CLOCK,
  METRIC_RATE_LIMIT_REMAINING,
  METRIC_RATE_LIMITED,
  type Phase,
  TAG_PHASE,
  TAG_WORKLOAD,
  type WorkloadName,
} from '../lib/contract/run-plan.ts';

export class InvalidTagValueError extends Error {
  override name = 'InvalidTagValueError' as const;
  constructor(key: string, value: string) {
    super(
      `invalid tag value for ${key}: expected text without commas, without leading or trailing spaces or quotes, and not empty (k6 splits submetric selectors on "," and trims spaces and quotes), got ${JSON.stringify(value)}`,
    );
  }
}

/**
 * `metric{k1:v1,k2:v2}` in the given tag order. k6 parses the selector from the first `{` to the last `}`
 * and splits on `,` then on the first `:` (grafana/k6 metrics/metric.go `ParseMetricName`), so braces
 * inside a value such as `POST /tablesdb/{db}/tables/{t}/rows` are fine, commas are not.
 */
export function submetricKey(metric: string, tags: ReadonlyArray<readonly [string, string]>): string {
  if (tags.length === 0) return metric;
  for (const [key, value] of tags) {
    if (value === '' || value.includes(',') || /^[\s"']|[\s"']$/.test(value)) {
      throw new InvalidTagValueError(key, value);
    }
  }
  return `${metric}{${tags.map(([key, value]) => `${key}:${value}`).join(',')}}`;
}

export const phaseKey = (metric: string, phase: Phase): string => submetricKey(metric, [[TAG_PHASE, phase]]);

export const workloadKey = (metric: string, phase: Phase, workload: WorkloadName): string =>
  submetricKey(metric, [
    [TAG_PHASE, phase],
    [TAG_WORKLOAD, workload],
  ]);

export const rateLimitedKey = (route: string): string => submetricKey(METRIC_RATE_LIMITED, [['name', route]]);
export const remainingKey = (route: string): string =>
  submetricKey(METRIC_RATE_LIMIT_REMAINING, [['name', route]]);
export const budgetSkippedKey = (route: string): string =>
  submetricKey(METRIC_BUDGET_SKIPPED, [['name', route]]);
export const budgetWaitKey = (route: string): string => submetricKey(METRIC_BUDGET_WAIT, [['name', route]]);
export const phaseClockKey = (phase: Phase): string => phaseKey(METRIC_PHASE_CLOCK, phase);
