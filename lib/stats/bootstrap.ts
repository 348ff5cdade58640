// Run-level bootstrap (methodology.md §5.2): the independent unit is the run, so whole runs are resampled,
// never the requests inside one run (those are correlated and would understate between-run variance).
import { seededRandom } from './seeded-random.ts';
import { median, quantile } from './summary.ts';

export interface Interval {
  estimate: number;
  low: number;
  high: number;
}

export interface BootstrapOptions {
  /** Resamples; 10 000 is the usual figure (methodology.md §5.2). */
  iterations?: number;
  seed?: number;
  /** Two-sided coverage, 0.95 for a 95% interval. */
  level?: number;
}

export const DEFAULT_BOOTSTRAP = { iterations: 10_000, seed: 1, level: 0.95 } as const;

function resample<T>(items: readonly T[], random: () => number): T[] {
  const out: T[] = [];
  for (let i = 0; i < items.length; i++) {
    const item = items[Math.floor(random() * items.length)];
    if (item !== undefined) out.push(item);
  }
  return out;
}

/**
 * Percentile interval of `statistic(baseline*, candidate*)`, each side resampled independently with
 * replacement at its own size. Null when either side is empty or the statistic is not finite on the data.
 */
export function bootstrapTwoSample<T>(
  baseline: readonly T[],
  candidate: readonly T[],
  statistic: (baseline: readonly T[], candidate: readonly T[]) => number | null,
  options: BootstrapOptions = {},
): Interval | null {
  if (baseline.length === 0 || candidate.length === 0) return null;
  const estimate = statistic(baseline, candidate);
  if (estimate === null || !Number.isFinite(estimate)) return null;
  const { iterations, seed, level } = { ...DEFAULT_BOOTSTRAP, ...options };
  const random = seededRandom(seed);
  const draws: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const value = statistic(resample(baseline, random), resample(candidate, random));
    if (value !== null && Number.isFinite(value)) draws.push(value);
  }
  const alpha = (1 - level) / 2;
  const low = quantile(draws, alpha);
  const high = quantile(draws, 1 - alpha);
  if (low === null || high === null) return null;
  return { estimate, low, high };
}

/** median(candidate) ÷ median(baseline), null when the baseline median is not > 0. */
export function ratioOfMedians(baseline: readonly number[], candidate: readonly number[]): number | null {
  const b = median(baseline);
  const c = median(candidate);
  return b === null || c === null || !(b > 0) ? null : c / b;
}

/** 95% (by default) bootstrap interval of median(candidate) ÷ median(baseline). */
export function ratioInterval(
  baseline: readonly number[],
  candidate: readonly number[],
  options: BootstrapOptions = {},
): Interval | null {
  return bootstrapTwoSample(baseline, candidate, ratioOfMedians, options);
}
