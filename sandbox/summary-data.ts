// The `data` argument of handleSummary in k6's default ("legacy") format, built as grafana/k6
// internal/js/summary.go `summarizeMetricsToObject` does (../shared/reference/k6.md §1.3).
import { createHash } from 'node:crypto';
import type { MetricRegistry } from './metrics.ts';
import type { Threshold } from './thresholds.ts';

export interface SummaryCheck {
  name: string;
  path: string;
  id: string;
  passes: number;
  fails: number;
}
export interface SummaryGroup {
  name: string;
  path: string;
  id: string;
  groups: SummaryGroup[];
  checks: SummaryCheck[];
}
export interface SummaryMetric {
  type: string;
  contains: string;
  values: Record<string, number>;
  thresholds?: Record<string, { ok: boolean }>;
}
export interface SummaryData {
  root_group: SummaryGroup;
  options: { summaryTrendStats: string[]; summaryTimeUnit: string; noColor: boolean };
  state: { isStdOutTTY: boolean; isStdErrTTY: boolean; testRunDurationMs: number };
  metrics: Record<string, SummaryMetric>;
  setup_data?: unknown;
}

const md5 = (text: string) => createHash('md5').update(text).digest('hex');

function newGroup(name: string, path: string): SummaryGroup {
  return { name, path, id: md5(path), groups: [], checks: [] };
}

/**
 * The group tree, filled in code order from the group paths and checks VUs report. Checks and groups
 * made in setup() and teardown() are under groups `setup` (`::setup`) and `teardown` (`::teardown`),
 * as k6 v1.3.0 and v2.2.0 report them (corpus checks-groups, exception-setup).
 */
export class GroupTree {
  readonly root = newGroup('', '');

  group(path: string): SummaryGroup | undefined {
    if (path === '') return this.root;
    const names = path.split('::').slice(1);
    let current = this.root;
    for (const name of names) {
      const childPath = `${current.path}::${name}`;
      let child = current.groups.find((g) => g.name === name);
      if (!child) {
        child = newGroup(name, childPath);
        current.groups.push(child);
      }
      current = child;
    }
    return current;
  }

  check(groupPath: string, name: string, passed: boolean): void {
    const group = this.group(groupPath);
    if (!group) return;
    let check = group.checks.find((c) => c.name === name);
    if (!check) {
      const path = `${groupPath}::${name}`;
      check = { name, path, id: md5(path), passes: 0, fails: 0 };
      group.checks.push(check);
    }
    if (passed) check.passes++;
    else check.fails++;
  }
}

export const DEFAULT_TREND_STATS = ['avg', 'min', 'med', 'max', 'p(90)', 'p(95)'];

export interface SummaryInput {
  registry: MetricRegistry;
  thresholds: Map<string, Threshold[]>;
  groups: GroupTree;
  trendStats: string[];
  summaryTimeUnit: string;
  noColor: boolean;
  testRunDurationMs: number;
  setupData?: { value: unknown };
  isStdOutTTY: boolean;
  isStdErrTTY: boolean;
}

function valuesOf(type: string, trendStats: string[], aggregate: (name: string) => number | undefined) {
  const names =
    type === 'counter'
      ? ['count', 'rate']
      : type === 'gauge'
        ? ['value', 'min', 'max']
        : type === 'rate'
          ? ['rate', 'passes', 'fails']
          : trendStats;
  const values: Record<string, number> = {};
  for (const name of names) values[name] = aggregate(name) ?? 0;
  return values;
}

export function buildSummaryData(input: SummaryInput): SummaryData {
  const seconds = input.testRunDurationMs / 1000;
  const metrics: Record<string, SummaryMetric> = {};
  const thresholdsOf = (key: string): SummaryMetric['thresholds'] | undefined => {
    const list = input.thresholds.get(key);
    if (!list || list.length === 0) return undefined;
    return Object.fromEntries(list.map((t) => [t.source, { ok: !t.lastFailed }]));
  };
  for (const entry of input.registry.metrics.values()) {
    // Metrics named in thresholds, directly or through a submetric, are present even without samples.
    const named =
      input.thresholds.has(entry.name) || [...entry.submetrics.keys()].some((k) => input.thresholds.has(k));
    if (entry.observed || named) {
      const metric: SummaryMetric = {
        type: entry.type,
        contains: entry.contains,
        values: valuesOf(entry.type, input.trendStats, (n) => entry.sink.aggregate(n, seconds)),
      };
      const thresholds = thresholdsOf(entry.name);
      if (thresholds) metric.thresholds = thresholds;
      metrics[entry.name] = metric;
    }
    for (const [key, sub] of entry.submetrics) {
      // Submetrics named in thresholds are always present (k6 `markObserved`); the automatic
      // `{expected_response:true}` one only once it has samples.
      if (!input.thresholds.has(key) && sub.sink.count === 0) continue;
      const metric: SummaryMetric = {
        type: entry.type,
        contains: entry.contains,
        values: valuesOf(entry.type, input.trendStats, (n) => sub.sink.aggregate(n, seconds)),
      };
      const thresholds = thresholdsOf(key);
      if (thresholds) metric.thresholds = thresholds;
      metrics[key] = metric;
    }
  }
  const data: SummaryData = {
    root_group: input.groups.root,
    options: {
      summaryTrendStats: input.trendStats,
      summaryTimeUnit: input.summaryTimeUnit,
      noColor: input.noColor,
    },
    state: {
      isStdOutTTY: input.isStdOutTTY,
      isStdErrTTY: input.isStdErrTTY,
      testRunDurationMs: input.testRunDurationMs,
    },
    metrics,
  };
  if (input.setupData) data.setup_data = input.setupData.value;
  return data;
}
