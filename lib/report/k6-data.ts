// Safe reads of the `data` argument k6 passes to handleSummary (legacy format, k6.md §1.3). The value is
// typed `unknown` on purpose: @types/k6 has no type for it (grafana/k6#4625), and the summary must never
// throw, so every read is a guard that yields null for anything missing or malformed.
// Only metrics, options.summaryTrendStats and state.testRunDurationMs are read: never setup_data, which
// holds session secrets.
import type { K6MetricType } from '../contract/run-plan.ts';
import { finite } from './statistics.ts';

export type MetricType = K6MetricType;

export interface MetricReading {
  type: MetricType | null;
  /** Finite values only; NaN and non-numbers are dropped. */
  values: Readonly<Record<string, number>>;
  thresholds: ReadonlyArray<{ expression: string; ok: boolean }>;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function metricsOf(data: unknown): Record<string, unknown> {
  return isRecord(data) && isRecord(data.metrics) ? data.metrics : {};
}

const METRIC_TYPES: readonly string[] = ['counter', 'gauge', 'rate', 'trend'];

/** One metric or submetric by its exact key (e.g. `http_req_duration{phase:heavy}`), or null if absent. */
export function readMetric(data: unknown, key: string): MetricReading | null {
  const metrics = metricsOf(data);
  // `in` first: cheap, and it lets tests see which keys are looked up (a Proxy `has` trap).
  // Object.hasOwn would do, but it is not confirmed in Sobek (k6's engine); the prototype method is everywhere.
  // biome-ignore lint/suspicious/noPrototypeBuiltins: Object.hasOwn is not confirmed in Sobek
  if (!(key in metrics) || !Object.prototype.hasOwnProperty.call(metrics, key)) return null;
  const metric = metrics[key];
  if (!isRecord(metric)) return null;
  const values: Record<string, number> = {};
  if (isRecord(metric.values)) {
    for (const [stat, value] of Object.entries(metric.values)) {
      const number = finite(value);
      if (number !== null) values[stat] = number;
    }
  }
  const thresholds = thresholdsOf(metric);
  const type = typeof metric.type === 'string' && METRIC_TYPES.includes(metric.type) ? metric.type : null;
  return { type: type as MetricType | null, values, thresholds };
}

/** One value of one metric (`count`, `rate`, `med`, `p(95)`, ...), or null. */
export function readValue(data: unknown, key: string, stat: string): number | null {
  return readMetric(data, key)?.values[stat] ?? null;
}

function thresholdsOf(metric: Record<string, unknown>): Array<{ expression: string; ok: boolean }> {
  const thresholds: Array<{ expression: string; ok: boolean }> = [];
  if (isRecord(metric.thresholds)) {
    for (const [expression, result] of Object.entries(metric.thresholds)) {
      if (isRecord(result) && typeof result.ok === 'boolean') thresholds.push({ expression, ok: result.ok });
    }
  }
  return thresholds;
}

/**
 * Every threshold of every metric, sorted by metric then expression (k6 builds these objects from Go
 * maps, so their order changes between runs). `ok` is k6's own verdict.
 */
export function readAllThresholds(data: unknown): Array<{ metric: string; expression: string; ok: boolean }> {
  const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return Object.entries(metricsOf(data))
    .sort(([a], [b]) => byText(a, b))
    .flatMap(([metric, value]) =>
      isRecord(value)
        ? thresholdsOf(value)
            .sort((a, b) => byText(a.expression, b.expression))
            .map(({ expression, ok }) => ({ metric, expression, ok }))
        : [],
    );
}

export function readTrendStats(data: unknown): string[] {
  if (!isRecord(data) || !isRecord(data.options) || !Array.isArray(data.options.summaryTrendStats)) return [];
  return data.options.summaryTrendStats.filter((stat): stat is string => typeof stat === 'string');
}

export function readTestRunDurationMs(data: unknown): number | null {
  if (!isRecord(data) || !isRecord(data.state)) return null;
  return finite(data.state.testRunDurationMs);
}

/**
 * A copy of `data` holding only what k6-jslib-summary's textSummary and jUnit read (metrics, root_group,
 * options, state), so secrets in setup_data or in unknown keys cannot reach their output.
 */
export function withoutSetupData(data: unknown): Record<string, unknown> {
  if (!isRecord(data)) return { metrics: {} };
  const options = isRecord(data.options) ? data.options : {};
  return {
    root_group: data.root_group,
    options: {
      summaryTrendStats: options.summaryTrendStats,
      summaryTimeUnit: options.summaryTimeUnit,
      noColor: options.noColor,
    },
    state: data.state,
    metrics: data.metrics,
  };
}
