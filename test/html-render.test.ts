// Opens the HTML reports in headless Chromium (Debian package `chromium`) and checks that the charts are
// drawn: no script error or console error, every SVG present with a non-zero rendered size. The pages
// carry no script of their own; the probe below is added to a copy only for this test.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { parseBaseline } from '../lib/report/baseline.ts';
import { blogRun, fakeContext, fakeSummaryData } from '../lib/report/k6-data.fixture.ts';
import { compareSets, type Input } from '../lib/stats/compare-sets.ts';
import { buildHistory } from '../lib/stats/history.ts';
import { renderHistoryHtml } from '../lib/stats/render-history.ts';
import { renderVerdictHtml } from '../lib/stats/render-verdicts-html.ts';
import { composeSummary } from '../lib/summary/compose.ts';

const chromium = spawnSync('sh', ['-c', 'command -v chromium'], { encoding: 'utf8' }).stdout.trim();
const DIR = new URL('../../shared/fixtures/real-runs/', import.meta.url);
const load = (name: string): Input => {
  const parsed = parseBaseline(readFileSync(new URL(name, DIR), 'utf8'));
  assert.ok(parsed.ok);
  return { source: name, record: parsed.record };
};

const PROBE_HEAD = `<script>window.__errors=[];addEventListener('error',e=>__errors.push(String(e.message)));const ce=console.error.bind(console);console.error=(...a)=>{__errors.push(a.join(' '));ce(...a)};</script>`;
const PROBE_TAIL = `<script>addEventListener('load',()=>{const s=[...document.querySelectorAll('svg')].map(e=>{const r=e.getBoundingClientRect();return {label:e.getAttribute('aria-label'),w:r.width,h:r.height,shapes:e.querySelectorAll('rect,line,circle,polyline').length}});const p=document.createElement('pre');p.id='probe';p.textContent=JSON.stringify({errors:__errors,svgs:s});document.body.append(p)})</script>`;

interface Probe {
  errors: string[];
  svgs: Array<{ label: string | null; w: number; h: number; shapes: number }>;
}

function render(html: string, dir: string, name: string): Probe {
  const file = join(dir, name);
  writeFileSync(
    file,
    html.replace('<head>', `<head>${PROBE_HEAD}`).replace('</body>', `${PROBE_TAIL}</body>`),
  );
  const result = spawnSync(
    chromium,
    [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      `--user-data-dir=${join(dir, 'profile')}`,
      '--virtual-time-budget=2000',
      '--dump-dom',
      pathToFileURL(file).href,
    ],
    { encoding: 'utf8', timeout: 60_000 },
  );
  const match = /<pre id="probe">(.*?)<\/pre>/s.exec(result.stdout);
  assert.ok(
    match?.[1],
    `no probe output from chromium (exit ${result.status}): ${result.stderr.slice(-500)}`,
  );
  return JSON.parse(match[1].replace(/&quot;/g, '"').replace(/&amp;/g, '&')) as Probe;
}

function assertDrawn(probe: Probe, expectedSvgs: number) {
  assert.deepEqual(probe.errors, []);
  assert.ok(probe.svgs.length >= expectedSvgs, JSON.stringify(probe.svgs));
  for (const svg of probe.svgs) {
    assert.ok(svg.w > 100 && svg.h > 20, JSON.stringify(svg));
    assert.ok(svg.shapes > 0, JSON.stringify(svg));
  }
}

describe('HTML reports in headless Chromium', {
  skip: chromium ? false : 'chromium not installed (apt-get install chromium)',
}, () => {
  const dir = mkdtempSync(join(tmpdir(), 'html-render-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('the compare report draws its interval chart', () => {
    const a = [load('k6-1.3.0_appwrite-1.9.0_normal-aa-1.json'), load('k6-1.3.0_appwrite-1.9.0_normal.json')];
    const b = [load('k6-1.3.0_appwrite-1.9.0_normal-aa-2.json'), load('k6-1.3.0_emulator-1.9.6_normal.json')];
    const html = renderVerdictHtml(compareSets(a, b, { iterations: 500, allowMixed: true }));
    assertDrawn(render(html, dir, 'compare.html'), 1);
  });

  it('the history page draws one trend chart per row', () => {
    const runs = ['normal-aa-1', 'normal-aa-2', 'normal'].map((n) =>
      load(`k6-1.3.0_appwrite-1.9.0_${n}.json`),
    );
    runs.push(load('k6-1.3.0_emulator-1.9.6_normal.json'));
    assertDrawn(render(renderHistoryHtml(buildHistory(runs)), dir, 'history.html'), 4);
  });

  it("handleSummary's HTML report draws its per-phase and per-workload latency charts", () => {
    const outputs = composeSummary(fakeSummaryData(blogRun()), fakeContext({ runId: 'r' }), {
      textSummary: () => '',
      jUnit: () => '',
      now: () => Date.UTC(2026, 10, 25),
    });
    const html = Object.entries(outputs).find(([k]) => k.endsWith('.html'))?.[1];
    assert.ok(html);
    const probe = render(html, dir, 'summary.html');
    assertDrawn(probe, 2);
    const labels = probe.svgs.map((s) => s.label);
    assert.ok(labels.includes('Latency percentiles per phase, in ms'), JSON.stringify(labels));
    const workloads = probe.svgs.find((s) => s.label === 'Latency percentiles per workload, in ms');
    // 3 workloads × 2 phases × 4 percentiles, and the legend.
    assert.ok(workloads && workloads.shapes >= 25 && workloads.h > 200, JSON.stringify(workloads));
  });
});

if (!chromium)
  console.log('html-render: chromium not installed, rendering tests skipped (apt-get install chromium)');
