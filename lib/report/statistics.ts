// The arithmetic of the comparison table. Pure; every function returns null instead of NaN or Infinity,
// so a missing figure reaches the renderers as "n/a", never as "NaN".

/** A finite number, or null for anything else (undefined, NaN, ±Infinity, strings). */
export function finite(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

/** `current ÷ baseline − 1` as a percentage; null when either is missing or the baseline is 0. */
export function relativeChangePercent(baseline: number | null, current: number | null): number | null {
  if (baseline === null || current === null || baseline === 0) return null;
  return finite((current / baseline - 1) * 100);
}

/** Difference of two ratios (0..1) in percentage points. */
export function pointsChange(baseline: number | null, current: number | null): number | null {
  if (baseline === null || current === null) return null;
  return finite((current - baseline) * 100);
}

/**
 * Geometric mean `(Π r_i)^(1/n)` computed as `exp(Σ ln r_i / n)` (Fleming & Wallace 1986;
 * ../shared/reference/methodology.md §6). Null when there is no ratio or any ratio is not > 0.
 */
export function geometricMean(ratios: readonly number[]): number | null {
  if (ratios.length === 0 || ratios.some((r) => !(r > 0) || !Number.isFinite(r))) return null;
  return finite(Math.exp(ratios.reduce((sum, r) => sum + Math.log(r), 0) / ratios.length));
}

/** Sum of values, or null when any is missing (a partial sum would be a wrong total). */
export function sumAll(values: ReadonlyArray<number | null>): number | null {
  let sum = 0;
  for (const value of values) {
    if (value === null) return null;
    sum += value;
  }
  return sum;
}

/** Rounds half away from zero at `decimals`, so +84.825 shows as +84.8 and −57.25 as −57.3 consistently. */
export function roundTo(value: number, decimals: number): number {
  const factor = 10 ** decimals;
  const rounded = (Math.sign(value) * Math.round((Math.abs(value) + Number.EPSILON) * factor)) / factor;
  return Object.is(rounded, -0) ? 0 : rounded;
}
