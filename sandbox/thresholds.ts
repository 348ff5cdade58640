// k6 thresholds: parsing and evaluation (grafana/k6 metrics/thresholds.go, thresholds_parser.go;
// ../shared/reference/k6.md §2).
import { parseDuration } from './durations.ts';
import { InvalidConfigError } from './errors.ts';
import type { MetricType, Sink } from './metrics.ts';

const OPERATORS = ['===', '==', '!=', '>=', '<=', '>', '<'] as const;
type Operator = (typeof OPERATORS)[number];

export interface Threshold {
  source: string;
  aggregation: string;
  operator: Operator;
  value: number;
  abortOnFail: boolean;
  delayAbortEvalMs: number;
  lastFailed: boolean;
}

const ALLOWED: Record<MetricType, RegExp> = {
  counter: /^(count|rate)$/,
  gauge: /^value$/,
  rate: /^rate$/,
  trend: /^(avg|min|max|med|p\(\d+(\.\d+)?\))$/,
};

export function parseThreshold(
  source: string,
  metric: string,
  type: MetricType | undefined,
): Omit<Threshold, 'abortOnFail' | 'delayAbortEvalMs'> {
  const match =
    /^\s*([a-z]+(?:\(\s*\d+(?:\.\d+)?\s*\))?)\s*(===|==|!=|>=|<=|>|<)\s*(-?\d+(?:\.\d+)?(?:e-?\d+)?)\s*$/i.exec(
      source,
    );
  if (!match) {
    throw new InvalidConfigError(
      `invalid threshold "${source}" on ${metric}: expected "<aggregation> <operator> <number>", e.g. "p(95)<200"`,
    );
  }
  const aggregation = (match[1] ?? '').replace(/\s+/g, '');
  if (type && !ALLOWED[type].test(aggregation)) {
    throw new InvalidConfigError(
      `invalid threshold "${source}" on ${metric}: aggregation "${aggregation}" is not valid for a ${type} metric`,
    );
  }
  const p = /^p\((.*)\)$/.exec(aggregation);
  if (p && Number(p[1]) > 100)
    throw new InvalidConfigError(`invalid threshold "${source}": percentile above 100`);
  return { source, aggregation, operator: match[2] as Operator, value: Number(match[3]), lastFailed: false };
}

/** The thresholds of one metric key as written in `options.thresholds` (strings or objects). */
export function parseThresholdList(key: string, list: unknown, type: MetricType | undefined): Threshold[] {
  if (!Array.isArray(list)) {
    throw new InvalidConfigError(
      `invalid thresholds for ${key}: expected an array, got ${JSON.stringify(list)}`,
    );
  }
  return list.map((item: unknown) => {
    if (typeof item === 'string')
      return { ...parseThreshold(item, key, type), abortOnFail: false, delayAbortEvalMs: 0 };
    if (item && typeof item === 'object' && typeof (item as { threshold?: unknown }).threshold === 'string') {
      const object = item as { threshold: string; abortOnFail?: unknown; delayAbortEval?: unknown };
      return {
        ...parseThreshold(object.threshold, key, type),
        abortOnFail: object.abortOnFail === true,
        delayAbortEvalMs:
          object.delayAbortEval === undefined
            ? 0
            : parseDuration(object.delayAbortEval, `delayAbortEval of ${key}`),
      };
    }
    throw new InvalidConfigError(
      `invalid threshold on ${key}: expected a string or {threshold, abortOnFail}, got ${JSON.stringify(item)}`,
    );
  });
}

function compare(left: number, operator: Operator, right: number): boolean {
  switch (operator) {
    case '>':
      return left > right;
    case '>=':
      return left >= right;
    case '<':
      return left < right;
    case '<=':
      return left <= right;
    case '==':
    case '===':
      return left === right;
    case '!=':
      return left !== right;
  }
}

/**
 * Evaluates `threshold` against `sink`. A Counter with no samples is evaluated as count 0 (so
 * `count>0` fails, as the k6 conformance corpus `thresholds-fail` records for v1.3.0 and v2.2.0); other
 * metrics with no samples pass. Returns whether it passed and records `lastFailed`.
 */
export function evaluate(threshold: Threshold, sink: Sink, durationSeconds: number): boolean {
  if (sink.count === 0 && sink.type === 'counter') {
    const ok = compare(0, threshold.operator, threshold.value);
    threshold.lastFailed = !ok;
    return ok;
  }
  if (sink.count === 0) {
    threshold.lastFailed = false;
    return true;
  }
  const value = sink.aggregate(threshold.aggregation, durationSeconds) ?? Number.NaN;
  const ok = compare(value, threshold.operator, threshold.value);
  threshold.lastFailed = !ok;
  return ok;
}
