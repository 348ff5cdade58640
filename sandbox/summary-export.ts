// The `--summary-export` file: k6's legacy "old JSON" made from the handleSummary data
// (grafana/k6 internal/js/summary-wrapper.js; ../shared/reference/k6.md §1.4).
import type { SummaryData, SummaryGroup } from './summary-data.ts';

interface ExportGroup {
  name: string;
  path: string;
  id: string;
  groups: Record<string, ExportGroup>;
  checks: Record<string, { name: string; path: string; id: string; passes: number; fails: number }>;
}

function exportGroup(group: SummaryGroup): ExportGroup {
  return {
    name: group.name,
    path: group.path,
    id: group.id,
    // Groups and checks become objects keyed by name.
    groups: Object.fromEntries(group.groups.map((g) => [g.name, exportGroup(g)])),
    checks: Object.fromEntries(group.checks.map((c) => [c.name, { ...c }])),
  };
}

export function summaryExport(data: SummaryData): Record<string, unknown> {
  const metrics: Record<string, Record<string, unknown>> = {};
  for (const [name, metric] of Object.entries(data.metrics)) {
    const values: Record<string, unknown> = { ...metric.values };
    // Rate metrics call their ratio `value` here (e.g. "checks": {"value":0.75,"passes":45,"fails":15}).
    if (metric.type === 'rate') {
      values.value = values.rate;
      delete values.rate;
    }
    if (metric.thresholds) {
      // Inverted on purpose, as k6 writes it: true means the threshold FAILED (grafana/k6#1498).
      values.thresholds = Object.fromEntries(Object.entries(metric.thresholds).map(([k, t]) => [k, !t.ok]));
    }
    metrics[name] = values;
  }
  const result: Record<string, unknown> = { root_group: exportGroup(data.root_group), metrics };
  if ('setup_data' in data) result.setup_data = data.setup_data;
  return result;
}
