// Order statistics over per-run values. Pure; null instead of NaN for empty input.

/** The q-quantile (0..1) with linear interpolation between order statistics (Hyndman & Fan type 7, R's default). */
export function quantile(values: readonly number[], q: number): number | null {
  if (values.length === 0 || !(q >= 0 && q <= 1)) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const position = (sorted.length - 1) * q;
  const lower = Math.floor(position);
  const upper = Math.ceil(position);
  const low = sorted[lower] ?? 0;
  const high = sorted[upper] ?? low;
  return low + (high - low) * (position - lower);
}

export function median(values: readonly number[]): number | null {
  return quantile(values, 0.5);
}
