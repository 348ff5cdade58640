// A self-contained HTML report: inline CSS and an inline SVG latency chart, no script, no external
// asset or URL, so it opens from a CI artifact or an e-mail attachment as is. Pure.
import { formatCount, formatMs, formatSeconds, NOT_AVAILABLE } from './format.ts';
import type { LatencyFigures, ResultRecord } from './record.ts';
import {
  budgetLines,
  definitionLines,
  measuredLine,
  type ReportInput,
  rateLimitLine,
  thresholdsLine,
  titleLine,
  validityLine,
} from './report-input.ts';

export function htmlEscape(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

const STATS = [
  ['p50', 'p50'],
  ['p90', 'p90'],
  ['p95', 'p95'],
  ['p99', 'p99'],
] as const;

interface Bar {
  group: string;
  /** Bars sharing a scale: one per phase, or per workload. */
  scale: string;
  series: 'baseline' | 'current';
  value: number | null;
}

/** A slice of a record drawn as one block of p50–p99 bars: a phase, or a workload in a phase. */
interface Slice {
  name: string;
  scale: string;
  figures: (record: ResultRecord) => LatencyFigures | undefined;
}

function bars(record: ResultRecord | null, series: Bar['series'], slices: readonly Slice[]): Bar[] {
  if (record === null) return [];
  return slices.flatMap((slice) =>
    STATS.map(([key, label]) => ({
      group: `${slice.name} ${label}`,
      scale: slice.scale,
      series,
      value: slice.figures(record)?.[key] ?? null,
    })),
  );
}

/** Horizontal bars of p50/p90/p95/p99 per slice (one scale per `scale`), baseline and this run side by side. */
function percentileChart(
  slices: readonly Slice[],
  record: ResultRecord,
  baseline: ResultRecord | null,
  what: string,
): string {
  const all = [...bars(baseline, 'baseline', slices), ...bars(record, 'current', slices)];
  const groups = [...new Set(all.map((b) => b.group))];
  if (groups.length === 0) return `<p>No measured ${what}: no latency chart.</p>`;
  const scaleOf = new Map(all.map((b) => [b.group, b.scale]));
  const maxOf = (group: string) =>
    Math.max(1, ...all.filter((b) => b.scale === scaleOf.get(group)).map((b) => b.value ?? 0));
  const perGroup = baseline === null ? 1 : 2;
  const barHeight = 14;
  const groupHeight = perGroup * barHeight + 10;
  const left = 170;
  const plot = 400;
  const height = groups.length * groupHeight + 30;
  const parts: string[] = [];
  groups.forEach((group, g) => {
    const top = 10 + g * groupHeight;
    parts.push(
      `<text x="${left - 8}" y="${top + (perGroup * barHeight) / 2 + 4}" text-anchor="end">${htmlEscape(group)}</text>`,
    );
    const series: Bar['series'][] = baseline === null ? ['current'] : ['baseline', 'current'];
    series.forEach((name, s) => {
      const bar = all.find((b) => b.group === group && b.series === name);
      const value = bar?.value ?? null;
      const width = value === null ? 0 : Math.max(1, (value / maxOf(group)) * plot);
      const y = top + s * barHeight;
      parts.push(
        `<rect class="${name}" x="${left}" y="${y}" width="${width.toFixed(1)}" height="${barHeight - 2}" />`,
      );
      parts.push(
        `<text x="${(left + width + 4).toFixed(1)}" y="${y + barHeight - 4}">${htmlEscape(formatMs(value))}</text>`,
      );
    });
  });
  const legend =
    baseline === null
      ? `<rect class="current" x="${left}" y="${height - 14}" width="10" height="10" /><text x="${left + 14}" y="${height - 5}">${htmlEscape(record.label)}</text>`
      : `<rect class="baseline" x="${left}" y="${height - 14}" width="10" height="10" /><text x="${left + 14}" y="${height - 5}">${htmlEscape(baseline.label)} (baseline)</text><rect class="current" x="${left + 200}" y="${height - 14}" width="10" height="10" /><text x="${left + 214}" y="${height - 5}">${htmlEscape(record.label)}</text>`;
  return `<svg role="img" aria-label="Latency percentiles per ${what}, in ms" width="${left + plot + 90}" height="${height}" viewBox="0 0 ${left + plot + 90} ${height}">${parts.join('')}${legend}</svg>`;
}

/** p50–p99 per measured phase; one scale per phase, so heavy-load latencies do not flatten the normal phase's bars. */
export function latencyChart(record: ResultRecord, baseline: ResultRecord | null): string {
  const phases = [...new Set([...(baseline?.phases ?? []), ...record.phases].map((p) => p.phase))];
  const slices = phases.map((phase) => ({
    name: phase,
    scale: phase,
    figures: (r: ResultRecord) => r.phases.find((p) => p.phase === phase)?.latencyMs,
  }));
  return percentileChart(slices, record, baseline, 'phase');
}

/** p50–p99 per workload and phase; one scale per workload (sign-up hashing is ten times a read). */
export function workloadChart(record: ResultRecord, baseline: ResultRecord | null): string {
  const seen = new Map<string, Slice>();
  for (const w of [...(baseline?.workloads ?? []), ...record.workloads])
    seen.set(`${w.phase} ${w.workload}`, {
      name: `${w.phase} ${w.workload}`,
      scale: w.workload,
      figures: (r) => r.workloads.find((x) => x.phase === w.phase && x.workload === w.workload)?.latencyMs,
    });
  return percentileChart([...seen.values()], record, baseline, 'workload');
}

function workloadTable(record: ResultRecord): string {
  if (record.workloads.length === 0) return '';
  const rows = record.workloads.map((w) => {
    const cells = [
      w.phase,
      w.workload,
      w.requests === null ? 'n/a' : String(w.requests),
      w.failed === null ? 'n/a' : String(w.failed),
      formatMs(w.latencyMs.p50),
      formatMs(w.latencyMs.p90),
      formatMs(w.latencyMs.p95),
      formatMs(w.latencyMs.p99),
      formatMs(w.latencyMs.max),
    ];
    return `<tr>${cells.map((c, i) => (i < 2 ? `<td>${htmlEscape(c)}</td>` : `<td class="n">${htmlEscape(c)}</td>`)).join('')}</tr>`;
  });
  return `<h2>Per workload</h2><table><thead><tr><th>Phase</th><th>Workload</th><th>Requests</th><th>Failed</th><th>p50</th><th>p90</th><th>p95</th><th>p99</th><th>max</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

/** Per rate-limited route: the server's 429s and lowest remaining budget, and the client's own skips and waits. */
function rateLimitTable(record: ResultRecord): string {
  if (record.rateLimits.routes.length === 0) return '';
  const rows = record.rateLimits.routes.map((r) => {
    const cells = [
      r.name,
      formatCount(r.count),
      r.minRemaining === null ? NOT_AVAILABLE : formatCount(r.minRemaining),
      formatCount(r.skipped),
      formatCount(r.waits),
      formatSeconds(r.waitSeconds),
    ];
    return `<tr>${cells.map((c, i) => (i === 0 ? `<td>${htmlEscape(c)}</td>` : `<td class="n">${htmlEscape(c)}</td>`)).join('')}</tr>`;
  });
  return `<h2>Rate-limited routes</h2><table><thead><tr><th>Route</th><th>429 responses</th><th>Lowest X-RateLimit-Remaining</th><th>Skipped by the client's budget</th><th>Waits for a window reset</th><th>Seconds waited</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

export function renderHtml({ record, baseline, comparison, warnings }: ReportInput): string {
  const withBaseline = comparison.baselineLabel !== null;
  const head = withBaseline
    ? [comparison.baselineLabel ?? '', comparison.currentLabel, 'Change']
    : [comparison.currentLabel];
  const rows = comparison.rows.map((r) => {
    const cells = withBaseline ? [r.text.baseline, r.text.current, r.text.change] : [r.text.current];
    return `<tr><th scope="row">${htmlEscape(r.label)}</th>${cells.map((c) => `<td class="n">${htmlEscape(c)}</td>`).join('')}</tr>`;
  });
  const items = [
    ...warnings,
    validityLine('this run', record),
    ...(baseline === null
      ? []
      : [validityLine(`baseline ${baseline.label} (run ${baseline.runId})`, baseline)]),
    thresholdsLine(record),
    measuredLine(record),
    rateLimitLine(record),
    ...budgetLines(record),
    ...(withBaseline ? [`score: ${comparison.score.text} → ${comparison.score.verdict}`] : []),
    ...comparison.notes.map((n) => `note: ${n}`),
  ];
  const status = record.validity.valid ? 'valid' : 'invalid';
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${htmlEscape(titleLine(record))}</title>
<style>
body { font-family: system-ui, sans-serif; margin: 2rem; color: #1b1b1f; max-width: 60rem; }
table { border-collapse: collapse; margin: 1rem 0; }
th, td { border: 1px solid #ccc; padding: 0.3rem 0.6rem; text-align: left; }
td.n { text-align: right; font-variant-numeric: tabular-nums; }
.valid { color: #116611; } .invalid { color: #b00020; font-weight: bold; }
svg text { font-size: 12px; fill: #1b1b1f; }
svg rect.baseline { fill: #9e9e9e; } svg rect.current { fill: #3f51b5; }
</style>
</head>
<body>
<h1>${htmlEscape(titleLine(record))}</h1>
<p class="${status}">${htmlEscape(validityLine('This run', record))}</p>
<table><thead><tr><th>Metric</th>${head.map((h) => `<th>${htmlEscape(h)}</th>`).join('')}</tr></thead><tbody>${rows.join('')}</tbody></table>
<ul>${items.map((i) => `<li>${htmlEscape(i)}</li>`).join('')}</ul>
<h2>Latency per phase</h2>
${latencyChart(record, baseline)}
${record.workloads.length > 0 ? `<h2>Latency per workload</h2>\n${workloadChart(record, baseline)}` : ''}
${workloadTable(record)}
${rateLimitTable(record)}
<h2>Definitions</h2>
<ul>${definitionLines(record)
    .map((d) => `<li>${htmlEscape(d)}</li>`)
    .join('')}</ul>
</body>
</html>
`;
}
