// The comparison table: rows, the change column and the composite score. Pure; shared by handleSummary
// and tools/compare.ts so both print the same table.
import { ROW_IDS, ROW_LABELS, type RowId } from './definitions.ts';
import {
  formatChangePercent,
  formatCount,
  formatFailures,
  formatMs,
  formatPerSecond,
  formatPoints,
  formatRate,
  formatScore,
} from './format.ts';
import type { ResultRecord, TableFigures } from './record.ts';
import { geometricMean, pointsChange, relativeChangePercent, sumAll } from './statistics.ts';

export interface ComparisonRow {
  id: RowId;
  label: string;
  baseline: number | null;
  current: number | null;
  /** Percentage points for success rate, percent for the others. */
  change: number | null;
  text: { baseline: string; current: string; change: string };
}

export type ComparisonStatus = 'no-baseline' | 'rated' | 'baseline-invalid' | 'run-invalid' | 'both-invalid';

export interface Comparison {
  baselineLabel: string | null;
  currentLabel: string;
  rows: ComparisonRow[];
  score: { value: number | null; included: RowId[]; text: string; verdict: string };
  status: ComparisonStatus;
  /** What to tell the reader about the comparison as a whole, one line each. */
  notes: string[];
}

const FORMATTERS: Record<RowId, (value: number | null) => string> = {
  successRate: formatRate,
  totalRequests: formatCount,
  requestsPerSecond: formatPerSecond,
  latencyNormal: formatMs,
  latencyHeavy: formatMs,
};

/**
 * A score within ±5 % of ×1 is not called better or worse: one run per side cannot separate such a change
 * from noise. 5 % is the fixed band of Appwrite's own CI benchmark (appwrite/appwrite
 * `.github/workflows/benchmark-comment.js`, THRESHOLD = 5); it is symmetric in ratio (×1.05 and ÷1.05).
 */
export const NOISE_BAND = 0.05;

/** Which direction is better, for the score's ratios (geometric mean of ratios: Fleming & Wallace 1986). */
const SCORED: ReadonlyArray<{ id: RowId; higherIsBetter: boolean }> = [
  { id: 'requestsPerSecond', higherIsBetter: true },
  { id: 'latencyNormal', higherIsBetter: false },
  { id: 'latencyHeavy', higherIsBetter: false },
];

export function changeOf(id: RowId, baseline: number | null, current: number | null): number | null {
  return id === 'successRate' ? pointsChange(baseline, current) : relativeChangePercent(baseline, current);
}

/** The composite score over the rows both sides have, and which rows those were. */
export function compositeScore(
  baseline: TableFigures,
  current: TableFigures,
): { value: number | null; included: RowId[] } {
  const included: RowId[] = [];
  const ratios: number[] = [];
  for (const { id, higherIsBetter } of SCORED) {
    const b = baseline[id];
    const c = current[id];
    if (b === null || c === null || !(b > 0) || !(c > 0)) continue;
    included.push(id);
    ratios.push(higherIsBetter ? c / b : b / c);
  }
  return { value: geometricMean(ratios), included };
}

export interface Side {
  label: string;
  table: TableFigures;
  validity: { valid: boolean; reasons: readonly string[] };
}

/** Compares two sides (or shows one when the baseline is null). */
export function compareTables(baseline: Side | null, current: Side): Comparison {
  const labels = columnLabels(baseline?.label ?? null, current.label);
  const rows = ROW_IDS.map((id): ComparisonRow => {
    const b = baseline?.table[id] ?? null;
    const c = current.table[id];
    const change = baseline === null ? null : changeOf(id, b, c);
    const format = FORMATTERS[id];
    return {
      id,
      label: ROW_LABELS[id],
      baseline: b,
      current: c,
      change,
      text: {
        baseline: format(b),
        current: format(c),
        change: id === 'successRate' ? formatPoints(change) : formatChangePercent(change),
      },
    };
  });
  if (baseline === null) {
    return {
      baselineLabel: null,
      currentLabel: labels.current,
      rows,
      score: { value: null, included: [], text: 'n/a', verdict: 'no baseline' },
      status: 'no-baseline',
      notes: ['no baseline: the table shows this run alone (set BASELINE to a previous run’s result file)'],
    };
  }
  const status: ComparisonStatus =
    !baseline.validity.valid && !current.validity.valid
      ? 'both-invalid'
      : !baseline.validity.valid
        ? 'baseline-invalid'
        : !current.validity.valid
          ? 'run-invalid'
          : 'rated';
  const score = compositeScore(baseline.table, current.table);
  const notes: string[] = [];
  let verdict: string;
  if (status !== 'rated') {
    const which = {
      'both-invalid': 'both runs are',
      'baseline-invalid': 'the baseline is',
      'run-invalid': 'this run is',
    }[status];
    verdict = `not rated: ${which} invalid`;
    notes.push(`comparison not rated: ${which} invalid, so the changes say nothing about the server`);
  } else if (score.value === null) {
    verdict = 'not rated: no figure on both sides';
  } else {
    const band = Math.log1p(NOISE_BAND);
    const distance = Math.log(score.value);
    verdict =
      distance >= band
        ? 'better'
        : distance <= -band
          ? 'worse'
          : `within ±${NOISE_BAND * 100}%: no change claimed`;
    notes.push(
      `one run per side: the verdict uses a fixed ±${NOISE_BAND * 100}% band, not this machine's measured noise (repeat runs, interleaved, before trusting a small change)`,
    );
  }
  return {
    baselineLabel: labels.baseline,
    currentLabel: labels.current,
    rows,
    score: {
      ...score,
      text:
        score.value === null
          ? 'n/a'
          : `${formatScore(score.value)} over ${score.included.length} ${score.included.length === 1 ? 'ratio' : 'ratios'}: ${score.included.map((id) => ROW_LABELS[id]).join(', ')}`,
      verdict,
    },
    status,
    notes,
  };
}

/** Column titles; equal labels get "(baseline)" / "(this run)" so the columns stay distinguishable. */
function columnLabels(
  baseline: string | null,
  current: string,
): { baseline: string | null; current: string } {
  if (baseline === null) return { baseline: null, current };
  if (baseline === current) return { baseline: `${baseline} (baseline)`, current: `${current} (this run)` };
  return { baseline, current };
}

/** Compares two result records, adding a note for every setting that makes them less comparable. */
export function compareRecords(baseline: ResultRecord | null, current: ResultRecord): Comparison {
  const side = (r: ResultRecord): Side => ({ label: r.label, table: r.table, validity: r.validity });
  const comparison = compareTables(baseline === null ? null : side(baseline), side(current));
  // A success rate below 100 % says how many failed, so "99.9996%" reads as "1 of 226,958 failed".
  const success = comparison.rows.find((row) => row.id === 'successRate');
  if (success !== undefined) {
    const withCount = (text: string, r: ResultRecord) => {
      const failures = formatFailures(r.measured.failed, r.measured.requests);
      return failures === null ? text : `${text} (${failures})`;
    };
    success.text.current = withCount(success.text.current, current);
    if (baseline !== null) success.text.baseline = withCount(success.text.baseline, baseline);
  }
  if (baseline !== null) comparison.notes.push(...comparabilityNotes(baseline, current));
  return comparison;
}

const SECONDS_BASIS = {
  observed: 'the active seconds (appwrite_phase_clock)',
  scheduled: 'the scheduled seconds',
} as const;

function comparabilityNotes(baseline: ResultRecord, current: ResultRecord): string[] {
  const notes: string[] = [];
  const differs = (what: string, b: string, c: string) => {
    if (b !== c) notes.push(`not like for like: ${what} was ${b} for the baseline and ${c} for this run`);
  };
  differs('profile', baseline.profile, current.profile);
  differs('ABUSE', baseline.abuse, current.abuse);
  differs('CLIENT_IPS', baseline.clientIps, current.clientIps);
  const phases = (r: ResultRecord) =>
    r.phases.map((p) => `${p.phase} ${p.scheduledSeconds} s`).join(', ') || 'none';
  differs('the measured phases', phases(baseline), phases(current));
  differs('summaryTrendStats', baseline.summaryTrendStats.join(','), current.summaryTrendStats.join(','));
  differs(
    'the seconds requests per second divided by',
    SECONDS_BASIS[baseline.measured.rateBasis],
    SECONDS_BASIS[current.measured.rateBasis],
  );
  const skipped = (r: ResultRecord) => sumAll(r.rateLimits.routes.map((route) => route.skipped)) ?? 0;
  if (skipped(baseline) !== skipped(current))
    notes.push(
      `not like for like: requests the client's budget keeping skipped: ${formatCount(skipped(baseline))} in the baseline and ${formatCount(skipped(current))} in this run, so the runs sent different work`,
    );
  // methodology.md: a smoke run checks that the workloads work; a few dozen requests rate nothing.
  if (baseline.profile === 'smoke' || current.profile === 'smoke')
    notes.push(
      'profile smoke is a functional check (a few requests per workload): its timings cannot rate a server; compare normal, heavy or blog runs',
    );
  return notes;
}
