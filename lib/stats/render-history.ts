// History as text (a sparkline per row) and as one self-contained HTML page (inline SVG, no script).
import { htmlEscape } from '../report/render-html.ts';
import type { History, Trend } from './history.ts';
import { formatValue } from './render-verdicts.ts';

const BLOCKS = '▁▂▃▄▅▆▇█';

export function sparkline(values: readonly number[]): string {
  const min = Math.min(...values);
  const max = Math.max(...values);
  return values
    .map((v) => BLOCKS[max === min ? 3 : Math.round(((v - min) / (max - min)) * (BLOCKS.length - 1))] ?? '')
    .join('');
}

const bandText = (t: Trend) =>
  t.band ? `${formatValue(t.row.unit, t.band.low)} – ${formatValue(t.row.unit, t.band.high)}` : 'n/a';

function header(h: History): string[] {
  return [
    `history: ${h.used.length} usable run(s) of profile ${h.profile ?? 'n/a'}; band = previous runs' range ÷/× (1 + ${(h.band * 100).toFixed(1)}%), needs ≥ 3 previous runs`,
    ...h.skipped.map((s) => `not used: ${s.source}: ${s.why}`),
  ];
}

export function renderHistoryText(h: History): string {
  const rows = h.trends.map((t) => [
    t.row.label,
    String(t.points.length),
    sparkline(t.points.map((p) => p.value)),
    bandText(t),
    formatValue(t.row.unit, t.newest),
    t.row.scored ? t.flag : `${t.flag} (not scored)`,
  ]);
  const all = [['row', 'runs', 'trend', 'band of previous', 'newest', 'newest run'], ...rows];
  const widths = all[0]?.map((_, i) => Math.max(...all.map((r) => [...(r[i] ?? '')].length))) ?? [];
  const table = all.map((r) =>
    r
      .map((c, i) => c + ' '.repeat((widths[i] ?? 0) - [...c].length))
      .join('  ')
      .trimEnd(),
  );
  return `${[...header(h), '', ...table].join('\n')}\n`;
}

const W = 560;
const H = 120;

export function trendChart(t: Trend): string {
  const values = t.points.map((p) => p.value);
  if (values.length === 0) return '';
  const all = [...values, ...(t.band ? [t.band.low, t.band.high] : [])];
  const min = Math.min(...all) * 0.95;
  const max = Math.max(...all) * 1.05 || 1;
  const x = (i: number) => 40 + (values.length === 1 ? 0 : (i / (values.length - 1)) * (W - 60));
  const y = (v: number) => H - 15 - ((v - min) / (max - min || 1)) * (H - 30);
  const band = t.band
    ? `<rect x="40" y="${y(t.band.high).toFixed(1)}" width="${W - 60}" height="${(y(t.band.low) - y(t.band.high)).toFixed(1)}" fill="#eaeef2"/>`
    : '';
  const line = `<polyline fill="none" stroke="#0969da" stroke-width="2" points="${values.map((v, i) => `${x(i).toFixed(1)},${y(v).toFixed(1)}`).join(' ')}"/>`;
  const colour = t.flag === 'worse' ? '#cf222e' : t.flag === 'better' ? '#1a7f37' : '#0969da';
  const dots = values
    .map(
      (v, i) =>
        `<circle cx="${x(i).toFixed(1)}" cy="${y(v).toFixed(1)}" r="${i === values.length - 1 ? 5 : 3}" fill="${i === values.length - 1 ? colour : '#0969da'}"><title>${htmlEscape(`${t.points[i]?.source ?? ''}: ${formatValue(t.row.unit, v)}`)}</title></circle>`,
    )
    .join('');
  const labels = `<text x="4" y="${y(max / 1.05).toFixed(1)}" font-size="10">${htmlEscape(formatValue(t.row.unit, max / 1.05))}</text><text x="4" y="${y(min / 0.95).toFixed(1)}" font-size="10">${htmlEscape(formatValue(t.row.unit, min / 0.95))}</text>`;
  return `<svg class="chart" xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" role="img" aria-label="${htmlEscape(t.row.label)} trend">${band}${line}${dots}${labels}</svg>`;
}

export function renderHistoryHtml(h: History): string {
  const sections = h.trends
    .map(
      (t) =>
        `<section><h2>${htmlEscape(t.row.label)}: newest run ${htmlEscape(t.flag)}${t.row.scored ? '' : ' (not scored)'}</h2>${trendChart(t)}<p>band of previous runs: ${htmlEscape(bandText(t))}; newest: ${htmlEscape(formatValue(t.row.unit, t.newest))}</p></section>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>appwrite-k6-bench history</title>
<style>body{font:14px system-ui,sans-serif;margin:2em;color:#24292f}h2{font-size:15px}</style></head><body>
<h1>appwrite-k6-bench history</h1>
${header(h)
  .map((l) => `<p>${htmlEscape(l)}</p>`)
  .join('\n')}
${sections}
</body></html>
`;
}
