// Compares a replay with a recorded k6 outcome by the corpus's rules
// (../shared/fixtures/k6-conformance/README.md "How to compare a replay with an outcome").
import { isDeepStrictEqual } from 'node:util';
import type { RecordedRun, Replay } from './replay.ts';

/** Slack for the values the README lists as volatile: how far a count may stray, markers that may be missing. */
export interface Slack {
  counts: number;
  optionalMarkers: string[];
}

export function slackFor(script: string, run: string): Slack {
  const none: Slack = { counts: 0, optionalMarkers: [] };
  if (['abort-on-fail.js', 'sigint.js'].includes(script)) return { ...none, counts: 2 };
  // The README's table allows ±3 for ramping-vus, its volatile list ±2: take the wider.
  if (script === 'exec-ramping-vus.js') return { ...none, counts: 3 };
  if (script === 'execution-segments.js' && run === 'whole') return { ...none, counts: 1 };
  // Volatile in v1.3.0 (README); and a 500 ms ramp of 100 ms iterations is wall-clock driven: under
  // heavy CPU load the sandbox's VU may miss the last one.
  if (script === 'exec-subsecond.js' && ['ramping-arrival-rate', 'ramping-vus'].includes(run))
    return { ...none, counts: 1 };
  if (script === 'exec-graceful-stop.js') return { ...none, optionalMarkers: ['end cut it=1'] };
  return none;
}

/** Built-in metrics whose values are timings or byte counts (compared by type only). */
const TIMING_TRENDS = /^(http_req_|iteration_duration|group_duration)/;
const BYTE_COUNTERS = new Set(['data_sent', 'data_received']);
const BUILTIN = new Set([
  'checks',
  'data_received',
  'data_sent',
  'dropped_iterations',
  'http_req_blocked',
  'http_req_connecting',
  'http_req_duration',
  'http_req_failed',
  'http_req_receiving',
  'http_req_sending',
  'http_req_tls_handshaking',
  'http_req_waiting',
  'http_reqs',
  'iteration_duration',
  'iterations',
  'vus',
  'vus_max',
]);

const keys = (value: unknown) =>
  value && typeof value === 'object' ? Object.keys(value as object).sort() : [];
const typeOf = (value: unknown) => (value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value);
const show = (value: unknown) => JSON.stringify(value)?.slice(0, 200);

/** Marker texts without the VU ids, for the scripts whose VU choice is scheduling. */
function normaliseMarker(script: string, marker: string): string {
  if (!script.startsWith('exec-') && script !== 'execution-segments.js') return marker;
  return marker.replace(/ vu=\d+/, '').replace(/ vuInInstance=\S+ vuInTest=\S+/, '');
}

/** Distinct VUs per scenario label (the marker's first two words), for the scripts whose ids are dropped. */
function vusPerScenario(script: string, markers: string[]): Record<string, number> {
  if (!script.startsWith('exec-') && script !== 'execution-segments.js') return {};
  const seen = new Map<string, Set<string>>();
  for (const marker of markers) {
    const id = / vu=(\d+)/.exec(marker)?.[1] ?? / vuInInstance=(\S+)/.exec(marker)?.[1];
    if (id === undefined) continue;
    const label = marker.split(' ').slice(0, 2).join(' ');
    const set = seen.get(label) ?? new Set<string>();
    set.add(id);
    seen.set(label, set);
  }
  return Object.fromEntries([...seen].map(([label, ids]) => [label, ids.size]).sort());
}

function multiset(items: string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(item, (counts.get(item) ?? 0) + 1);
  return counts;
}

function lifecycleOf(markers: string[], recorded: RecordedRun['lifecycle']): RecordedRun['lifecycle'] {
  const ran = (key: string) => markers.some((m) => m === key || m.startsWith(`${key} `));
  return {
    setup: recorded.setup === null ? null : ran('setup'),
    teardown: recorded.teardown === null ? null : ran('teardown'),
    handleSummary: recorded.handleSummary === null ? null : ran('handleSummary'),
  };
}

function near(a: unknown, b: unknown, slack: number): boolean {
  if (typeof a === 'number' && typeof b === 'number') return Math.abs(a - b) <= slack + 1e-9;
  return isDeepStrictEqual(a, b);
}

function compareMetric(
  name: string,
  want: Record<string, unknown>,
  got: Record<string, unknown>,
  slack: Slack,
  out: string[],
): void {
  for (const field of ['type', 'contains'])
    if (want[field] !== got[field])
      out.push(`metric ${name}: ${field} ${show(got[field])}, k6 ${show(want[field])}`);
  const wv = (want.values ?? {}) as Record<string, unknown>;
  const gv = (got.values ?? {}) as Record<string, unknown>;
  if (!isDeepStrictEqual(keys(wv), keys(gv)))
    out.push(`metric ${name}: value keys ${show(keys(gv))}, k6 ${show(keys(wv))}`);
  const wt = (want.thresholds ?? {}) as Record<string, { ok: boolean }>;
  const gt = (got.thresholds ?? {}) as Record<string, { ok: boolean }>;
  if (!isDeepStrictEqual(keys(wt), keys(gt)))
    out.push(`metric ${name}: thresholds ${show(keys(gt))}, k6 ${show(keys(wt))}`);
  else
    for (const key of keys(wt))
      if (wt[key]?.ok !== gt[key]?.ok)
        out.push(`metric ${name}: threshold "${key}" ok ${gt[key]?.ok}, k6 ${wt[key]?.ok}`);
  for (const key of keys(wv)) {
    if (!(key in gv)) continue;
    if (typeOf(wv[key]) !== typeOf(gv[key])) {
      out.push(`metric ${name}: ${key} is ${typeOf(gv[key])}, k6 ${typeOf(wv[key])}`);
      continue;
    }
    const base = name.split('{')[0] ?? name;
    let exact = false;
    let tolerance = slack.counts;
    if (want.type === 'counter') exact = key === 'count' && !BYTE_COUNTERS.has(base);
    else if (want.type === 'rate') exact = true;
    else if (want.type === 'gauge') {
      exact = !BUILTIN.has(base) || (base === 'vus_max' && key === 'max');
      tolerance = 0;
    } else if (want.type === 'trend') exact = !TIMING_TRENDS.test(base) || key === 'count';
    if (want.type === 'rate' && key === 'rate') tolerance = slack.counts > 0 ? 1 : 0;
    if (exact && !near(wv[key], gv[key], tolerance))
      out.push(`metric ${name}: ${key} ${show(gv[key])}, k6 ${show(wv[key])}`);
  }
}

function compareSummary(
  want: Record<string, unknown>,
  got: Record<string, unknown>,
  slack: Slack,
  out: string[],
) {
  if (!isDeepStrictEqual(keys(want), keys(got)))
    out.push(`data keys ${show(keys(got))}, k6 ${show(keys(want))}`);
  for (const field of ['root_group', 'options', 'setup_data'])
    if (field in want && !isDeepStrictEqual(want[field], got[field]))
      out.push(`data.${field} ${show(got[field])}, k6 ${show(want[field])}`);
  const ws = (want.state ?? {}) as Record<string, unknown>;
  const gs = (got.state ?? {}) as Record<string, unknown>;
  if (!isDeepStrictEqual(keys(ws), keys(gs)) || keys(ws).some((k) => typeOf(ws[k]) !== typeOf(gs[k])))
    out.push(`data.state ${show(gs)}, k6 ${show(ws)}`);
  const wm = (want.metrics ?? {}) as Record<string, Record<string, unknown>>;
  const gm = (got.metrics ?? {}) as Record<string, Record<string, unknown>>;
  // `vus`/`vus_max` are sampled once a second, so whether they exist depends on how long the run took.
  // The sandbox runs slower than k6: check instead that each side has them exactly when it ran ≥ 1 s.
  const ranASecond = (state: Record<string, unknown>) => Number(state.testRunDurationMs) >= 1000;
  const sampledVus = (name: string) =>
    (name === 'vus' || name === 'vus_max') && name in wm === ranASecond(ws) && name in gm === ranASecond(gs);
  const missing = keys(wm).filter((k) => !(k in gm) && !sampledVus(k));
  const extra = keys(gm).filter((k) => !(k in wm) && !sampledVus(k));
  if (missing.length) out.push(`metrics missing: ${missing.join(', ')}`);
  if (extra.length) out.push(`metrics not in k6: ${extra.join(', ')}`);
  for (const name of keys(wm)) {
    const w = wm[name];
    const g = gm[name];
    if (w && g) compareMetric(name, w, g, slack, out);
  }
}

/** Every difference between a replay and the recorded run; empty when they match. */
export function compareRun(script: string, recorded: RecordedRun, got: Replay): string[] {
  const out: string[] = [];
  const slack = slackFor(script, recorded.name);
  if (got.exitCode !== recorded.exit_code) out.push(`exit code ${got.exitCode}, k6 ${recorded.exit_code}`);
  const lifecycle = lifecycleOf(got.markers, recorded.lifecycle);
  if (!isDeepStrictEqual(lifecycle, recorded.lifecycle))
    out.push(`lifecycle ${show(lifecycle)}, k6 ${show(recorded.lifecycle)}`);
  const want = multiset(recorded.markers.map((m) => normaliseMarker(script, m)));
  const have = multiset(got.markers.map((m) => normaliseMarker(script, m)));
  for (const marker of new Set([...want.keys(), ...have.keys()])) {
    const w = want.get(marker) ?? 0;
    const h = have.get(marker) ?? 0;
    if (slack.optionalMarkers.includes(marker) && Math.abs(w - h) <= 1) continue;
    if (Math.abs(w - h) > slack.counts || (slack.counts === 0 && w !== h))
      out.push(`marker ${show(marker)} ${h}×, k6 ${w}×`);
  }
  const wantVus = vusPerScenario(script, recorded.markers);
  const haveVus = vusPerScenario(script, got.markers);
  if (slack.counts === 0 && !isDeepStrictEqual(wantVus, haveVus))
    out.push(`distinct VUs per scenario ${show(haveVus)}, k6 ${show(wantVus)}`);
  if ((recorded.summary_data === null) !== (got.summaryData === null))
    out.push(
      `summary data ${got.summaryData === null ? 'absent' : 'present'}, k6 ${recorded.summary_data === null ? 'absent' : 'present'}`,
    );
  else if (recorded.summary_data && got.summaryData)
    compareSummary(recorded.summary_data, got.summaryData, slack, out);
  const wf = Object.fromEntries(Object.entries(recorded.files).map(([k, v]) => [k, v.sha256]));
  const gf = Object.fromEntries(Object.entries(got.files).map(([k, v]) => [k, v.sha256]));
  if (!isDeepStrictEqual(wf, gf)) out.push(`files ${show(gf)}, k6 ${show(wf)}`);
  for (const level of ['error', 'warning']) {
    const w = recorded.log_errors.filter((l) => l.level === level).length;
    const h = got.logErrors.filter((l) => l.level === level).length;
    if (w !== h)
      out.push(
        `${h} ${level} line(s), k6 ${w}: ${show(got.logErrors.filter((l) => l.level === level).map((l) => l.msg))} vs ${show(recorded.log_errors.filter((l) => l.level === level).map((l) => l.msg))}`,
      );
  }
  if ((recorded.stdout_other.trim() === '') !== (got.stdoutOther.trim() === ''))
    out.push(
      `other stdout ${got.stdoutOther.trim() === '' ? 'absent' : 'present'}, k6 ${recorded.stdout_other.trim() === '' ? 'absent' : 'present'}`,
    );
  return out;
}
