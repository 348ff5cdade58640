// Renders a SetComparison as text, Markdown (a pull-request comment: per-workload rows folded), JSON and
// JUnit. HTML lives in render-verdicts-html.ts. Pure; reuses the number formats of the summary table.
import { formatCount, formatMs, formatPerSecond } from '../report/format.ts';
import type { RowResult, SetComparison, Verdict } from './compare-sets.ts';

const MINUS = '\u2212';

export function formatValue(unit: RowResult['row']['unit'], value: number | null): string {
  return unit === 'ms' ? formatMs(value) : unit === '/s' ? formatPerSecond(value) : formatCount(value);
}

function percent(ratio: number): string {
  const p = (ratio - 1) * 100;
  const text = Math.abs(p).toFixed(1);
  return text === '0.0' ? '0.0%' : `${p < 0 ? MINUS : '+'}${text}%`;
}

/** "×1.050 [×0.98, ×1.12]", the ratio candidate ÷ baseline and its interval. */
export function formatInterval(r: RowResult['ratio']): string {
  if (r === null) return 'n/a';
  return `×${r.estimate.toFixed(3)} [×${r.low.toFixed(3)}, ×${r.high.toFixed(3)}]`;
}

const band = (b: number, source: string) => `±${(b * 100).toFixed(1)}% (${source})`;

export interface Cells {
  label: string;
  baseline: string;
  candidate: string;
  ratio: string;
  change: string;
  band: string;
  verdict: Verdict;
}

export function cells(r: RowResult): Cells {
  return {
    label: r.row.label,
    baseline: `${formatValue(r.row.unit, r.baselineMedian)} (n=${r.baseline.length})`,
    candidate: `${formatValue(r.row.unit, r.candidateMedian)} (n=${r.candidate.length})`,
    ratio:
      r.row.unit === 'count'
        ? 'n/a (counts)'
        : r.ratio !== null && (r.baseline.length < 2 || r.candidate.length < 2)
          ? `×${r.ratio.estimate.toFixed(3)} (no interval: 1 run)`
          : formatInterval(r.ratio),
    change: r.ratio === null ? 'n/a' : percent(r.ratio.estimate),
    band: r.row.scored && r.row.unit !== 'count' ? band(r.band, r.bandSource) : '',
    verdict: r.verdict,
  };
}

export function compositeLine(c: SetComparison): string {
  const s = c.composite.interval;
  const value =
    s === null
      ? 'n/a'
      : `×${s.estimate.toFixed(3)} (${percent(s.estimate)}) [×${s.low.toFixed(3)}, ×${s.high.toFixed(3)}]`;
  return `composite score (higher is better): ${value}, band ${band(c.composite.band, c.composite.bandSource)} → ${c.composite.verdict}`;
}

function footer(c: SetComparison): string[] {
  const lines = [
    `runs used: baseline ${c.runs.baseline}, candidate ${c.runs.candidate}${c.runs.noise ? `, noise ${c.runs.noise}` : ''}; ${c.bootstrap.level * 100}% percentile bootstrap over whole runs, ${c.bootstrap.iterations} resamples, seed ${c.bootstrap.seed}`,
    `ratio = median(candidate) ÷ median(baseline); a row (and the score) is better or worse only when its whole interval lies on one side of ×1 and its estimate outside the band`,
    `score: ${c.composite.formula}`,
    `scored: ${c.composite.included.map((label, i) => `${label} (weight ${Math.round(100 * (c.composite.weights[i] ?? 0))}%)`).join(', ') || 'none'}`,
  ];
  const why = new Map<string, string>();
  for (const r of c.rows)
    if (!r.row.detail) why.set(r.row.label, `${r.row.scored ? 'scored' : 'not scored'}: ${r.row.why}`);
  for (const [label, text] of why) lines.push(`  ${label}: ${text}`);
  for (const e of c.excluded) lines.push(`not used (${e.side}): ${e.source}: ${e.why}`);
  for (const r of c.refused)
    lines.push(`no verdict: ${r}${r.startsWith('mixed') ? ' (use --allow-mixed to compare anyway)' : ''}`);
  for (const n of c.notes) lines.push(`note: ${n}`);
  return lines;
}

function pad(rows: string[][]): string {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length))) ?? [];
  return rows
    .map((r) =>
      r
        .map((cell, i) => cell.padEnd(widths[i] ?? 0))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

const HEAD = ['row', 'baseline median', 'candidate median', 'ratio [95% CI]', 'change', 'band', 'verdict'];
const asArray = (x: Cells) => [x.label, x.baseline, x.candidate, x.ratio, x.change, x.band, x.verdict];

export function renderVerdictText(c: SetComparison): string {
  const main = c.rows.filter((r) => !r.row.detail).map((r) => asArray(cells(r)));
  const detail = c.rows.filter((r) => r.row.detail && r.verdict !== 'no data').map((r) => asArray(cells(r)));
  const parts = [pad([HEAD, ...main]), '', compositeLine(c), ...footer(c)];
  if (detail.length) parts.push('', 'per workload (reported, not scored):', pad([HEAD, ...detail]));
  return `${parts.join('\n')}\n`;
}

const mdRow = (cellsOf: string[]) => `| ${cellsOf.map((x) => x.replace(/\|/g, '\\|')).join(' | ')} |`;
const mdTable = (rows: string[][]) =>
  [mdRow(HEAD), mdRow(HEAD.map(() => '---')), ...rows.map(mdRow)].join('\n');

export function renderVerdictMarkdown(c: SetComparison): string {
  const main = c.rows.filter((r) => !r.row.detail).map((r) => asArray(cells(r)));
  const detail = c.rows.filter((r) => r.row.detail && r.verdict !== 'no data').map((r) => asArray(cells(r)));
  const parts = [
    `**${compositeLine(c)}**`,
    '',
    mdTable(main),
    '',
    '<details><summary>How this was computed</summary>',
    '',
    ...footer(c).map((l) => `- ${l.trim()}`),
    '',
    '</details>',
  ];
  if (detail.length)
    parts.push(
      '',
      '<details><summary>Per workload (reported, not scored)</summary>',
      '',
      mdTable(detail),
      '',
      '</details>',
    );
  return `${parts.join('\n')}\n`;
}

/** JSON without the rows' extractor functions. */
export function renderVerdictJson(c: SetComparison): string {
  const rows = c.rows.map(({ row, ...rest }) => ({
    key: row.key,
    label: row.label,
    unit: row.unit,
    direction: row.direction,
    scored: row.scored,
    why: row.why,
    ...rest,
  }));
  return `${JSON.stringify({ ...c, rows }, null, 2)}\n`;
}

const xml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** One test case per scored row and the composite; a row called worse is a failure. */
export function renderVerdictJunit(c: SetComparison): string {
  const cases = c.rows
    .filter((r) => r.row.scored)
    .map((r) => ({
      name: r.row.label,
      worse: r.verdict === 'worse',
      text: Object.values(cells(r)).join(' | '),
    }));
  cases.push({ name: 'composite score', worse: c.composite.verdict === 'worse', text: compositeLine(c) });
  const failures = cases.filter((x) => x.worse).length;
  const body = cases
    .map(
      (x) =>
        `    <testcase classname="compare" name="${xml(x.name)}">${x.worse ? `<failure message="${xml(x.text)}"/>` : `<system-out>${xml(x.text)}</system-out>`}</testcase>`,
    )
    .join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites>\n  <testsuite name="appwrite-k6-bench compare" tests="${cases.length}" failures="${failures}">\n${body}\n  </testsuite>\n</testsuites>\n`;
}
