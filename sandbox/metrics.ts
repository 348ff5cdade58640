// Metric sinks and the registry of observed metrics, with k6's types and aggregation rules
// (grafana/k6 metrics/sink.go; ../shared/reference/k6.md §1.3).

export type MetricType = 'counter' | 'gauge' | 'rate' | 'trend';
export type ValueType = 'default' | 'time' | 'data';
export type Tags = Record<string, string>;

/** One measurement as a VU reports it. */
export interface Sample {
  metric: string;
  type: MetricType;
  contains: ValueType;
  value: number;
  tags: Tags;
}

export class Sink {
  count = 0;
  sum = 0;
  min = Number.POSITIVE_INFINITY;
  max = Number.NEGATIVE_INFINITY;
  last = 0;
  nonZero = 0;
  private readonly values: number[] = [];
  private sorted = true;
  readonly type: MetricType;
  constructor(type: MetricType) {
    this.type = type;
  }

  add(value: number): void {
    this.count++;
    this.sum += value;
    this.last = value;
    if (value < this.min) this.min = value;
    if (value > this.max) this.max = value;
    if (value !== 0) this.nonZero++;
    if (this.type === 'trend') {
      this.values.push(value);
      this.sorted = false;
    }
  }

  /** k6 `TrendSink.P`: linear interpolation between the two closest stored samples. */
  percentile(fraction: number): number {
    if (this.count === 0) return 0;
    if (!this.sorted) {
      this.values.sort((a, b) => a - b);
      this.sorted = true;
    }
    if (this.values.length === 1) return this.values[0] as number;
    const i = fraction * (this.values.length - 1);
    const low = this.values[Math.floor(i)] as number;
    const high = this.values[Math.ceil(i)] as number;
    return low + (high - low) * (i - Math.floor(i));
  }

  /** One aggregate: `count`, `rate`, `value`, `avg`, `min`, `med`, `max`, `p(N)`, `passes`, `fails`. */
  aggregate(name: string, durationSeconds: number): number | undefined {
    switch (this.type) {
      case 'counter':
        if (name === 'count') return this.sum;
        if (name === 'rate') return durationSeconds > 0 ? this.sum / durationSeconds : 0;
        return undefined;
      case 'gauge':
        if (name === 'value') return this.last;
        if (name === 'min') return this.count ? this.min : 0;
        if (name === 'max') return this.count ? this.max : 0;
        return undefined;
      case 'rate':
        if (name === 'rate') return this.count ? this.nonZero / this.count : 0;
        if (name === 'passes') return this.nonZero;
        if (name === 'fails') return this.count - this.nonZero;
        return undefined;
      case 'trend': {
        if (name === 'count') return this.count;
        if (name === 'avg') return this.count ? this.sum / this.count : 0;
        if (name === 'min') return this.count ? this.min : 0;
        if (name === 'max') return this.count ? this.max : 0;
        if (name === 'med') return this.percentile(0.5);
        const p = /^p\((\d+(?:\.\d+)?)\)$/.exec(name);
        if (p) return this.percentile(Number(p[1]) / 100);
        return undefined;
      }
    }
  }
}

/** `name{tag:value,...}` split into the metric name and its tag selector (k6 `ParseMetricName`). */
export function parseMetricName(key: string): { name: string; selector: Tags } {
  const open = key.indexOf('{');
  if (open < 0) return { name: key.trim(), selector: {} };
  if (!key.trimEnd().endsWith('}')) throw new Error(`missing closing bracket in "${key}"`);
  const selector: Tags = {};
  const inner = key.trim().slice(open + 1, -1);
  for (const part of inner.split(',')) {
    const colon = part.indexOf(':');
    if (colon < 1) throw new Error(`invalid tag selector "${part}" in "${key}": expected tag:value`);
    // Tag names and values are trimmed of spaces and quotes (grafana/k6 metrics/metric.go).
    const clean = (s: string) => s.trim().replace(/^["'`]|["'`]$/g, '');
    selector[clean(part.slice(0, colon))] = clean(part.slice(colon + 1));
  }
  return { name: key.slice(0, open).trim(), selector };
}

export interface MetricEntry {
  name: string;
  type: MetricType;
  contains: ValueType;
  sink: Sink;
  observed: boolean;
  submetrics: Map<string, { selector: Tags; sink: Sink }>;
}

/** k6's built-in metrics (grafana/k6 metrics/builtin.go). */
export const BUILTIN_METRICS: Record<string, [MetricType, ValueType]> = {
  vus: ['gauge', 'default'],
  vus_max: ['gauge', 'default'],
  iterations: ['counter', 'default'],
  iteration_duration: ['trend', 'time'],
  dropped_iterations: ['counter', 'default'],
  data_received: ['counter', 'data'],
  data_sent: ['counter', 'data'],
  checks: ['rate', 'default'],
  group_duration: ['trend', 'time'],
  http_reqs: ['counter', 'default'],
  http_req_failed: ['rate', 'default'],
  http_req_duration: ['trend', 'time'],
  http_req_blocked: ['trend', 'time'],
  http_req_connecting: ['trend', 'time'],
  http_req_tls_handshaking: ['trend', 'time'],
  http_req_sending: ['trend', 'time'],
  http_req_waiting: ['trend', 'time'],
  http_req_receiving: ['trend', 'time'],
};

export class MetricRegistry {
  readonly metrics = new Map<string, MetricEntry>();
  /** Submetrics asked for before their (custom) metric was first seen. */
  private readonly pending = new Map<string, Map<string, Tags>>();

  entry(name: string, type: MetricType, contains: ValueType): MetricEntry {
    let entry = this.metrics.get(name);
    if (!entry) {
      entry = { name, type, contains, sink: new Sink(type), observed: false, submetrics: new Map() };
      this.metrics.set(name, entry);
      for (const [key, selector] of this.pending.get(name) ?? []) this.submetric(entry, key, selector);
      this.pending.delete(name);
    }
    return entry;
  }

  /** Makes `key` (a metric or `metric{tag:value}`) exist; returns the metric type when known. */
  want(key: string): MetricType | undefined {
    const { name, selector } = parseMetricName(key);
    const builtin = BUILTIN_METRICS[name];
    const existing =
      this.metrics.get(name) ?? (builtin ? this.entry(name, builtin[0], builtin[1]) : undefined);
    if (existing) {
      if (key !== name) this.submetric(existing, key, selector);
      return existing.type;
    }
    if (key !== name) {
      const list = this.pending.get(name) ?? new Map<string, Tags>();
      list.set(key, selector);
      this.pending.set(name, list);
    }
    return undefined;
  }

  /** The sink a threshold key evaluates against (undefined: never seen, a vacuous pass). */
  sinkFor(key: string): Sink | undefined {
    const { name } = parseMetricName(key);
    const entry = this.metrics.get(name);
    if (!entry) return undefined;
    return key === name ? entry.sink : entry.submetrics.get(key)?.sink;
  }

  /** A submetric keyed by its source text, e.g. `http_req_duration{scenario:reads}`. */
  submetric(entry: MetricEntry, key: string, selector: Tags): Sink {
    let sub = entry.submetrics.get(key);
    if (!sub) {
      sub = { selector, sink: new Sink(entry.type) };
      entry.submetrics.set(key, sub);
    }
    return sub.sink;
  }

  add(sample: Sample): void {
    const entry = this.entry(sample.metric, sample.type, sample.contains);
    entry.observed = true;
    entry.sink.add(sample.value);
    for (const sub of entry.submetrics.values()) {
      if (Object.entries(sub.selector).every(([tag, value]) => sample.tags[tag] === value))
        sub.sink.add(sample.value);
    }
  }
}
