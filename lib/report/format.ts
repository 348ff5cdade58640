// Number formatting shared by every renderer. Hand-written: k6's runtime (Sobek) has no Intl, so
// toLocaleString cannot be trusted for thousands separators. Missing values are "n/a".
import { roundTo } from './statistics.ts';

export const NOT_AVAILABLE = 'n/a';
const MINUS = '\u2212';

function fixed(value: number, decimals: number): string {
  const rounded = roundTo(value, decimals);
  const [whole = '0', fraction] = Math.abs(rounded).toFixed(decimals).split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${rounded < 0 ? MINUS : ''}${grouped}${fraction === undefined ? '' : `.${fraction}`}`;
}

/** `fixed` without trailing zeros in the fraction: 98 → "98", 99.5 → "99.5". */
function trimmed(value: number, decimals: number): string {
  const text = fixed(value, decimals);
  return text.includes('.') ? text.replace(/\.?0+$/, '') : text;
}

/**
 * `format(value, d)` for the fewest decimals d ≥ `decimals` at which a value that is not exactly `forbidden`
 * no longer prints as `forbidden` (up to 12): a difference is never rounded away (issue 8: 1 failed request
 * of 226,958 printed as "100%").
 */
function distinct(
  value: number,
  decimals: number,
  forbidden: readonly number[],
  format: (value: number, decimals: number) => string,
): string {
  let d = decimals;
  while (d < 12 && !forbidden.includes(value) && forbidden.some((f) => roundTo(value, d) === f)) d++;
  return format(value, d);
}

function signed(text: string, value: number): string {
  if (text.startsWith(MINUS) || /^0(\.0+)?$/.test(text)) return text;
  return value > 0 ? `+${text}` : text;
}

/** A ratio 0..1 as a percentage: 0.98 → "98%", 0.99951 → "99.95%", 0.9999956 → "99.9996%" (never "100%" unless 1). */
export const formatRate = (ratio: number | null): string =>
  ratio === null ? NOT_AVAILABLE : `${distinct(ratio * 100, 2, [0, 100], trimmed)}%`;

/** A count with thousands separators: 131117 → "131,117". */
export const formatCount = (count: number | null): string =>
  count === null ? NOT_AVAILABLE : fixed(count, 0);

/** Requests per second: 436 → "436/s", 435.72 → "435.7/s". */
export const formatPerSecond = (rate: number | null): string =>
  rate === null ? NOT_AVAILABLE : `${trimmed(rate, 1)}/s`;

/** Milliseconds with 3 significant figures below 100 ms: "3.77 ms", "12.3 ms", "550 ms", "1,204 ms". */
export function formatMs(ms: number | null): string {
  if (ms === null) return NOT_AVAILABLE;
  const decimals = ms >= 100 ? 0 : ms >= 10 ? 1 : 2;
  return `${fixed(ms, decimals)} ms`;
}

/** A relative change in percent, one decimal (more if needed to show it is not 0), signed: "+84.8%", "−0.04%", "0.0%". */
export const formatChangePercent = (percent: number | null): string =>
  percent === null ? NOT_AVAILABLE : `${signed(distinct(percent, 1, [0], fixed), percent)}%`;

/** A change in percentage points, one decimal (more if needed to show it is not 0): "+2.0 points", "−0.0004 points". */
export const formatPoints = (points: number | null): string =>
  points === null ? NOT_AVAILABLE : `${signed(distinct(points, 1, [0], fixed), points)} points`;

/** A composite score: 2.0030 → "×2.003 (+100.3%)"; 1.00002 → "×1.00002 (+0.002%)", never "×1.000" unless exactly 1. */
export const formatScore = (score: number | null): string =>
  score === null
    ? NOT_AVAILABLE
    : `×${distinct(score, 3, [1], fixed)} (${formatChangePercent((score - 1) * 100)})`;

/** The failures behind a success rate: "1 of 226,958 failed"; null when none failed or a count is missing. */
export function formatFailures(failed: number | null, requests: number | null): string | null {
  if (failed === null || requests === null || failed === 0) return null;
  return `${fixed(failed, 0)} of ${fixed(requests, 0)} failed`;
}

/** Seconds for durations a reader skims: "0.061 s", "4.25 s", "12.3 s", "120 s", "2 h 5 min" from 2 hours on. */
export function formatSeconds(seconds: number | null): string {
  if (seconds === null) return NOT_AVAILABLE;
  if (seconds >= 7200)
    return `${fixed(Math.floor(seconds / 3600), 0)} h ${fixed(Math.floor((seconds % 3600) / 60), 0)} min`;
  // Below a second, milliseconds count: an iteration-based smoke phase may last 0.061 s.
  const decimals = seconds >= 1000 ? 0 : seconds >= 10 ? 1 : seconds >= 1 ? 2 : 3;
  return `${trimmed(seconds, decimals)} s`;
}
