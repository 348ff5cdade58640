// The comparison as one self-contained HTML page: inline CSS and SVG, no script, no external URL.
// Chart: each row's ratio interval on a log scale with the noise band shaded (a forest plot), so a
// reviewer sees at a glance which intervals clear the band.
import { htmlEscape } from '../report/render-html.ts';
import type { RowResult, SetComparison } from './compare-sets.ts';
import { cells, compositeLine, renderVerdictText } from './render-verdicts.ts';

const WIDTH = 720;
const LABEL = 220;
const ROW = 22;

const COLOURS: Record<string, string> = { better: '#1a7f37', worse: '#cf222e', 'within noise': '#57606a' };

export function intervalChart(rows: readonly RowResult[]): string {
  const drawn = rows.filter((r) => r.ratio !== null && r.row.unit !== 'count');
  if (drawn.length === 0) return '<p>No ratio to draw.</p>';
  const logs = drawn.flatMap((r) => [
    Math.log(r.ratio?.low ?? 1),
    Math.log(r.ratio?.high ?? 1),
    Math.log1p(r.band),
  ]);
  const span = Math.max(0.05, ...logs.map(Math.abs)) * 1.1;
  const plot = WIDTH - LABEL - 20;
  const x = (ratio: number) => LABEL + ((Math.log(ratio) + span) / (2 * span)) * plot;
  const height = drawn.length * ROW + 30;
  const parts = drawn.map((r, i) => {
    const y = 10 + i * ROW;
    const ratio = r.ratio as NonNullable<RowResult['ratio']>;
    const colour = COLOURS[r.verdict] ?? '#8c959f';
    const bandLow = x(1 / (1 + r.band));
    const bandHigh = x(1 + r.band);
    return [
      `<text x="${LABEL - 6}" y="${y + 14}" text-anchor="end" font-size="12">${htmlEscape(r.row.label)}</text>`,
      `<rect x="${bandLow.toFixed(1)}" y="${y + 2}" width="${(bandHigh - bandLow).toFixed(1)}" height="${ROW - 4}" fill="#eaeef2"/>`,
      `<line x1="${x(ratio.low).toFixed(1)}" x2="${x(ratio.high).toFixed(1)}" y1="${y + 11}" y2="${y + 11}" stroke="${colour}" stroke-width="3"/>`,
      `<circle cx="${x(ratio.estimate).toFixed(1)}" cy="${y + 11}" r="4" fill="${colour}"><title>${htmlEscape(Object.values(cells(r)).join(' | '))}</title></circle>`,
    ].join('');
  });
  const axis = `<line x1="${x(1).toFixed(1)}" x2="${x(1).toFixed(1)}" y1="4" y2="${height - 20}" stroke="#24292f" stroke-dasharray="3 3"/>`;
  const ticks = [Math.exp(-span / 1.1), 1, Math.exp(span / 1.1)]
    .map(
      (t) =>
        `<text x="${x(t).toFixed(1)}" y="${height - 6}" text-anchor="middle" font-size="11">×${t.toFixed(2)}</text>`,
    )
    .join('');
  return `<svg class="chart" xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" role="img" aria-label="ratio intervals">${parts.join('')}${axis}${ticks}</svg>`;
}

function table(rows: readonly RowResult[]): string {
  const head = ['row', 'baseline median', 'candidate median', 'ratio [95% CI]', 'change', 'band', 'verdict'];
  const body = rows
    .map((r) => {
      const c = cells(r);
      return `<tr class="${htmlEscape(r.verdict.replace(/ /g, '-'))}">${[c.label, c.baseline, c.candidate, c.ratio, c.change, c.band, c.verdict].map((x) => `<td>${htmlEscape(x)}</td>`).join('')}</tr>`;
    })
    .join('\n');
  return `<table><thead><tr>${head.map((h) => `<th>${h}</th>`).join('')}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

export function renderVerdictHtml(c: SetComparison, title = 'appwrite-k6-bench comparison'): string {
  const main = c.rows.filter((r) => !r.row.detail);
  const detail = c.rows.filter((r) => r.row.detail && r.verdict !== 'no data');
  const text = renderVerdictText(c);
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${htmlEscape(title)}</title>
<style>body{font:14px system-ui,sans-serif;margin:2em;color:#24292f}table{border-collapse:collapse}td,th{border:1px solid #d0d7de;padding:3px 8px;text-align:left}.worse td:last-child{color:#cf222e;font-weight:bold}.better td:last-child{color:#1a7f37;font-weight:bold}pre{background:#f6f8fa;padding:1em;overflow:auto}</style>
</head><body>
<h1>${htmlEscape(title)}</h1>
<p><strong>${htmlEscape(compositeLine(c))}</strong></p>
<h2>Ratio intervals (candidate ÷ baseline; shaded: noise band)</h2>
${intervalChart(main)}
${table(main)}
${detail.length ? `<details><summary>Per workload (reported, not scored)</summary>${intervalChart(detail)}${table(detail)}</details>` : ''}
<h2>How this was computed</h2>
<pre>${htmlEscape(text)}</pre>
</body></html>
`;
}
