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

function signed(text: string, value: number): string {
  if (text.startsWith(MINUS) || /^0(\.0+)?$/.test(text)) return text;
  return value > 0 ? `+${text}` : text;
}

/** A ratio 0..1 as a percentage: 0.98 → "98%", 0.99951 → "99.95%". */
export const formatRate = (ratio: number | null): string =>
  ratio === null ? NOT_AVAILABLE : `${trimmed(ratio * 100, 2)}%`;

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

/** A relative change in percent, one decimal, always signed: "+84.8%", "−57.3%", "0.0%". */
export const formatChangePercent = (percent: number | null): string =>
  percent === null ? NOT_AVAILABLE : `${signed(fixed(percent, 1), percent)}%`;

/** A change in percentage points, one decimal: "+2.0 points". */
export const formatPoints = (points: number | null): string =>
  points === null ? NOT_AVAILABLE : `${signed(fixed(points, 1), points)} points`;

/** A composite score: 2.0030 → "×2.003 (+100.3%)". */
export const formatScore = (score: number | null): string =>
  score === null ? NOT_AVAILABLE : `×${fixed(score, 3)} (${formatChangePercent((score - 1) * 100)})`;

/** Seconds for durations a reader skims: "0.061 s", "4.25 s", "12.3 s", "120 s", "2 h 5 min" from 2 hours on. */
export function formatSeconds(seconds: number | null): string {
  if (seconds === null) return NOT_AVAILABLE;
  if (seconds >= 7200)
    return `${fixed(Math.floor(seconds / 3600), 0)} h ${fixed(Math.floor((seconds % 3600) / 60), 0)} min`;
  // Below a second, milliseconds count: an iteration-based smoke phase may last 0.061 s.
  const decimals = seconds >= 1000 ? 0 : seconds >= 10 ? 1 : seconds >= 1 ? 2 : 3;
  return `${trimmed(seconds, decimals)} s`;
}
