// Compares several result records per side (methodology.md §5): per row the median of each side, the
// ratio with a seeded run-level bootstrap interval, and a verdict against a noise band; plus a composite
// score (geometric mean of oriented ratios, §6) with its interval from the same resamples. Pure.
import type { Phase, ProfileName } from '../contract/run-plan.ts';
import type { ResultRecord } from '../report/record.ts';
import { type BootstrapOptions, bootstrapTwoSample, DEFAULT_BOOTSTRAP, type Interval } from './bootstrap.ts';
import { seededRandom } from './seeded-random.ts';
import { type SignalRow, signalRows } from './signal-rows.ts';
import { median, quantile } from './summary.ts';

export type Verdict = 'better' | 'worse' | 'within noise' | 'not scored' | 'no data' | 'no interval';

export interface Input {
  /** File name or other label naming the record in messages. */
  source: string;
  record: ResultRecord;
}

export interface Excluded {
  source: string;
  side: 'baseline' | 'candidate' | 'noise';
  why: string;
}

export interface RowResult {
  row: SignalRow;
  baseline: number[];
  candidate: number[];
  baselineMedian: number | null;
  candidateMedian: number | null;
  /** median(candidate) ÷ median(baseline) with its interval. */
  ratio: Interval | null;
  /** Half-width of the band as a fraction (0.05 = ±5%, symmetric in ratio). */
  band: number;
  bandSource: 'default' | 'calibrated';
  verdict: Verdict;
}

export interface SetComparison {
  rows: RowResult[];
  composite: {
    /** Oriented so that > 1 is better. */
    interval: Interval | null;
    band: number;
    bandSource: 'default' | 'calibrated';
    verdict: Verdict;
    included: string[];
    /** Share of each included row in the score, in the order of `included`; they sum to 1. */
    weights: number[];
    formula: string;
  };
  runs: { baseline: number; candidate: number; noise: number };
  excluded: Excluded[];
  /** Reasons no verdict was given at all (mixed setups); empty when verdicts were given. */
  refused: string[];
  notes: string[];
  bootstrap: { iterations: number; seed: number; level: number };
}

export interface CompareOptions extends BootstrapOptions {
  /** Documented default band, used when no noise records calibrate one. */
  defaultBand?: number;
  allowMixed?: boolean;
  noise?: readonly Input[];
}

/**
 * ±5% default: Appwrite's own CI band, but applied here to the whole 95% interval rather than to a single
 * ratio, so it acts as the smallest change worth reporting on top of the run-to-run noise the interval
 * already carries. Calibrate with --noise on the machine at hand.
 */
export const DEFAULT_NOISE_BAND = 0.05;

export const COMPOSITE_FORMULA =
  'S = exp(Σ w_i ln r_i ÷ Σ w_i) over the scored ratio rows, r_i = median_baseline ÷ median_candidate for latency, median_candidate ÷ median_baseline for closed-model throughput, w_i = 1 ÷ (run-to-run variance of ln row_i); S > 1 is better; interval: the same run-level bootstrap';

/** Variance floor of a row's ln values ((0.1%)²): a row that did not move at all must not take the whole score. */
const MIN_LOG_VARIANCE = 1e-6;

function logVariance(groups: ReadonlyArray<readonly number[]>): number | null {
  let sum = 0;
  let freedom = 0;
  for (const values of groups) {
    const logs = values.filter((v) => v > 0).map(Math.log);
    if (logs.length < 2) continue;
    const mean = logs.reduce((a, x) => a + x, 0) / logs.length;
    sum += logs.reduce((a, x) => a + (x - mean) ** 2, 0);
    freedom += logs.length - 1;
  }
  return freedom === 0 ? null : sum / freedom;
}

/**
 * Inverse-variance weights of the composite (methodology.md §6, weighted form), normalised to sum to 1.
 * The variance is each row's run-to-run spread of ln values: from the noise runs when there are two or more,
 * else within each side around its own mean (pooled), so a shift between the sides never enters the weights.
 * Rows measuring the same change with more noise (p99 of a few hundred requests moved 42% run to run on a
 * busy machine, the median 3%) then count less; without any spread to measure (one run a side) the weights
 * are equal, the plain geometric mean.
 */
export function compositeWeights(
  rows: ReadonlyArray<{
    baseline: readonly number[];
    candidate: readonly number[];
    noise: readonly number[];
  }>,
): number[] {
  const variances = rows.map((r) =>
    r.noise.length >= 2 ? logVariance([r.noise]) : logVariance([r.baseline, r.candidate]),
  );
  if (variances.some((v) => v === null)) return rows.map(() => 1 / rows.length);
  const inverse = variances.map((v) => 1 / Math.max(MIN_LOG_VARIANCE, v ?? 0));
  const total = inverse.reduce((a, x) => a + x, 0);
  return inverse.map((x) => x / total);
}

/** exp(Σ w_i ln r_i ÷ Σ w_i); null when any ratio is not a positive finite number. */
export function weightedGeometricMean(ratios: readonly number[], weights: readonly number[]): number | null {
  if (ratios.length === 0 || ratios.length !== weights.length) return null;
  if (ratios.some((r) => !(r > 0) || !Number.isFinite(r))) return null;
  const total = weights.reduce((a, w) => a + w, 0);
  if (!(total > 0)) return null;
  return Math.exp(ratios.reduce((a, r, i) => a + (weights[i] ?? 0) * Math.log(r), 0) / total);
}

/** Profiles whose phases run for their scheduled time (smoke runs iterations; stress stops at a breakpoint). */
const TIMED_PROFILES: ReadonlySet<ProfileName> = new Set(['normal', 'heavy', 'blog', 'soak']);
const COMPLETE_SHARE = 0.9;

/** Why a record cannot be used for a verdict, or null when it can. */
export function unusable(record: ResultRecord): string | null {
  // Schema 1 records written before the outcome field lack it; the phase check below covers those.
  const outcome = (record as { outcome?: { kind?: unknown; reason?: unknown } }).outcome;
  if (typeof outcome?.kind === 'string' && outcome.kind !== 'completed')
    return `outcome ${outcome.kind}${typeof outcome.reason === 'string' ? `: ${outcome.reason}` : ''}`;
  if (!record.validity.valid) return `invalid: ${record.validity.reasons.join('; ') || 'no reason recorded'}`;
  // Records written before the outcome field may call an interrupted run valid: its phases say otherwise.
  if (TIMED_PROFILES.has(record.profile))
    for (const p of record.phases)
      if (p.observedSeconds !== null && p.observedSeconds < COMPLETE_SHARE * p.scheduledSeconds)
        return `incomplete: phase ${p.phase} ran ${p.observedSeconds} s of ${p.scheduledSeconds} s scheduled`;
  return null;
}

/** Server host without port: two emulators on 127.0.0.1:8081 and :8082 share a host. */
export function serverHost(record: ResultRecord): string {
  return (record.endpointHost.split('/')[0] ?? '').replace(/:\d+$/, '');
}

/** The load generator's identity if the record carries one (schema v2 `producer`), else null. */
export function loadGenerator(record: ResultRecord): string | null {
  const producer = (record as { producer?: { machine?: { host?: unknown } } }).producer;
  const host = producer?.machine?.host;
  return typeof host === 'string' ? host : null;
}

function mixedReasons(records: readonly Input[]): string[] {
  const reasons: string[] = [];
  const check = (what: string, of: (r: ResultRecord) => string | null) => {
    const seen = new Map<string, string>();
    for (const { source, record } of records) {
      const value = of(record);
      if (value !== null && !seen.has(value)) seen.set(value, source);
    }
    if (seen.size > 1)
      reasons.push(
        `mixed ${what}: ${[...seen].map(([value, source]) => `${value} (${source})`).join(' vs ')}`,
      );
  };
  check('profiles', (r) => r.profile);
  check('server hosts', serverHost);
  check('load generators', loadGenerator);
  return reasons;
}

const logDistance = (x: number) => Math.abs(Math.log(x));

/**
 * Band from same-build repeats: the 95th percentile of |ln S| over A/A comparisons of the size at hand,
 * S the statistic (a row's ratio of medians, or the composite) of `nb` noise runs against `nc` others.
 * One run a side: every pair of noise runs. Otherwise seeded draws of two disjoint sets from the noise runs
 * (with replacement when there are fewer than nb + nc): the median of five runs moves less than one run,
 * so a band from single-run pairs would be too wide for five-run sets and hide real changes.
 */
export function calibrateBand<T>(
  noise: readonly T[],
  nb: number,
  nc: number,
  statistic: (baseline: readonly T[], candidate: readonly T[]) => number | null,
  seed: number,
  draws = 2000,
): number | null {
  const distances: number[] = [];
  const add = (b: readonly T[], c: readonly T[]) => {
    const v = statistic(b, c);
    if (v !== null && v > 0 && Number.isFinite(v)) distances.push(logDistance(v));
  };
  if (nb <= 1 && nc <= 1) {
    for (let i = 0; i < noise.length; i++)
      for (let j = i + 1; j < noise.length; j++) add([noise[i] as T], [noise[j] as T]);
  } else if (noise.length >= 2) {
    const random = seededRandom(seed);
    const pick = () => noise[Math.floor(random() * noise.length)] as T;
    for (let d = 0; d < draws; d++) {
      if (noise.length >= nb + nc) {
        const left = [...noise];
        const take = (k: number) =>
          Array.from({ length: k }, () => left.splice(Math.floor(random() * left.length), 1)[0] as T);
        add(take(nb), take(nc));
      } else add(Array.from({ length: nb }, pick), Array.from({ length: nc }, pick));
    }
  }
  const q = quantile(distances, 0.95);
  return q === null ? null : Math.expm1(q);
}

/**
 * Verdict for an interval of a ratio oriented so that > 1 is better: better (worse) when the whole interval
 * lies above (below) ×1, so the change is unlikely to be noise, and the estimate lies beyond the band, so it
 * is large enough to report. Not "the whole interval beyond the band": that needs a change as large as the
 * band plus the interval's half-width, and missed most +10% regressions at five runs a side (docs/verdicts.md).
 */
export function verdictOf(goodness: Interval, band: number): Verdict {
  const edge = Math.log1p(band);
  const estimate = Math.log(goodness.estimate);
  if (goodness.low > 1 && estimate > edge) return 'better';
  if (goodness.high < 1 && estimate < -edge) return 'worse';
  return 'within noise';
}

const orient = (row: SignalRow, ratio: Interval): Interval =>
  row.direction === 'higher-is-better'
    ? ratio
    : { estimate: 1 / ratio.estimate, low: 1 / ratio.high, high: 1 / ratio.low };

function countVerdict(baseline: readonly number[], candidate: readonly number[]): Verdict {
  // Counts are often 0 on both sides, where a ratio means nothing: call a change only when the sides do not overlap.
  if (Math.min(...candidate) > Math.max(...baseline)) return 'worse';
  if (Math.max(...candidate) < Math.min(...baseline)) return 'better';
  return 'within noise';
}

function valuesOf(row: SignalRow, inputs: readonly Input[]): number[] {
  return inputs.map((i) => row.value(i.record)).filter((v): v is number => v !== null && Number.isFinite(v));
}

export function compareSets(
  baseline: readonly Input[],
  candidate: readonly Input[],
  options: CompareOptions = {},
): SetComparison {
  const bootstrap = {
    iterations: options.iterations ?? DEFAULT_BOOTSTRAP.iterations,
    seed: options.seed ?? DEFAULT_BOOTSTRAP.seed,
    level: options.level ?? DEFAULT_BOOTSTRAP.level,
  };
  const defaultBand = options.defaultBand ?? DEFAULT_NOISE_BAND;
  const excluded: Excluded[] = [];
  const keep = (side: Excluded['side'], inputs: readonly Input[]) =>
    inputs.filter((input) => {
      const why = unusable(input.record);
      if (why !== null) excluded.push({ source: input.source, side, why });
      return why === null;
    });
  const base = keep('baseline', baseline);
  const cand = keep('candidate', candidate);
  const noise = keep('noise', options.noise ?? []);

  const all = [...base, ...cand, ...noise];
  const mixed = mixedReasons(all);
  const refused = options.allowMixed ? [] : [...mixed];
  const notes: string[] = [];
  if (options.allowMixed && mixed.length > 0)
    notes.push(`--allow-mixed: verdicts given despite ${mixed.join('; ')}`);
  if (base.length === 0) refused.push('no usable baseline record');
  if (cand.length === 0) refused.push('no usable candidate record');

  const first = all[0]?.record ?? baseline[0]?.record ?? candidate[0]?.record;
  const profile: ProfileName = first?.profile ?? 'normal';
  const phases: Phase[] = first?.phases.map((p) => p.phase) ?? [];
  const workloads = [...new Set(first?.workloads.map((w) => w.workload) ?? [])];
  const rows = signalRows(profile, phases, workloads);
  if (profile === 'smoke')
    notes.push('profile smoke is a functional check: a few requests per workload cannot rate a server');

  const single = base.length < 2 || cand.length < 2;
  if (single && noise.length < 2)
    notes.push(
      'fewer than 2 usable runs on a side and no --noise calibration: no interval, so no verdict (repeat runs, interleaved: npm run ab)',
    );

  const results: RowResult[] = rows.map((row) => {
    const b = valuesOf(row, base);
    const c = valuesOf(row, cand);
    const calibrated =
      noise.length >= 2
        ? calibrateBand(valuesOf(row, noise), b.length, c.length, ratioOf, bootstrap.seed)
        : null;
    const band = calibrated ?? defaultBand;
    const bandSource = calibrated === null ? 'default' : 'calibrated';
    const ratio = bootstrapTwoSample(b, c, ratioOf, bootstrap);
    let verdict: Verdict;
    if (b.length === 0 || c.length === 0) verdict = 'no data';
    else if (!row.scored || refused.length > 0) verdict = 'not scored';
    else if (row.unit === 'count') verdict = countVerdict(b, c);
    else if (ratio === null) verdict = 'no data';
    else if (single && calibrated === null) verdict = 'no interval';
    else verdict = verdictOf(orient(row, ratio), band);
    return {
      row,
      baseline: b,
      candidate: c,
      baselineMedian: median(b),
      candidateMedian: median(c),
      ratio,
      band,
      bandSource,
      verdict,
    };
  });

  const scored = results.filter((r) => r.row.scored && r.row.unit !== 'count' && r.ratio !== null);
  const weights = compositeWeights(
    scored.map((r) => ({ baseline: r.baseline, candidate: r.candidate, noise: valuesOf(r.row, noise) })),
  );
  const scoreOf = (bs: readonly Input[], cs: readonly Input[]) =>
    weightedGeometricMean(
      scored.map(({ row }) => {
        const ratio = ratioOf(valuesOf(row, bs), valuesOf(row, cs));
        return ratio === null ? Number.NaN : row.direction === 'higher-is-better' ? ratio : 1 / ratio;
      }),
      weights,
    );
  const interval = scored.length === 0 ? null : bootstrapTwoSample(base, cand, scoreOf, bootstrap);
  const calibratedComposite =
    noise.length >= 2 && scored.length > 0
      ? calibrateBand(noise, base.length, cand.length, scoreOf, bootstrap.seed)
      : null;
  const compositeBand = calibratedComposite ?? defaultBand;
  const compositeVerdict: Verdict =
    refused.length > 0
      ? 'not scored'
      : interval === null
        ? 'no data'
        : single && calibratedComposite === null
          ? 'no interval'
          : verdictOf(interval, compositeBand);

  return {
    rows: results,
    composite: {
      interval,
      band: compositeBand,
      bandSource: calibratedComposite === null ? 'default' : 'calibrated',
      verdict: compositeVerdict,
      included: scored.map((r) => r.row.label),
      weights,
      formula: COMPOSITE_FORMULA,
    },
    runs: { baseline: base.length, candidate: cand.length, noise: noise.length },
    excluded,
    refused,
    notes,
    bootstrap,
  };
}

function ratioOf(baseline: readonly number[], candidate: readonly number[]): number | null {
  const b = median(baseline);
  const c = median(candidate);
  return b === null || c === null || !(b > 0) || !(c > 0) ? null : c / b;
}
