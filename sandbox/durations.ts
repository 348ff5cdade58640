// k6 duration values: strings such as `1m30s`, `500ms`, `1.5s`, `2h`, or bare numbers meaning
// milliseconds (grafana/k6 lib/types/types.go `ParseExtendedDuration`, `NullDuration.UnmarshalJSON`).
import { InvalidConfigError } from './errors.ts';

const UNIT_MS: Record<string, number> = {
  ns: 1e-6,
  us: 1e-3,
  µs: 1e-3,
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
};

/** Milliseconds of a k6 duration; `what` names the option in the error message. */
export function parseDuration(value: unknown, what: string): number {
  if (typeof value === 'number' && Number.isFinite(value) && value >= 0) return value;
  if (typeof value !== 'string') {
    throw new InvalidConfigError(
      `invalid ${what}: expected a duration such as "30s", got ${JSON.stringify(value)}`,
    );
  }
  const text = value.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Number(text) * 1000; // a bare number string is seconds in Go's parser
  const pattern = /(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h|d)/gy;
  let total = 0;
  let consumed = 0;
  for (let match = pattern.exec(text); match !== null; match = pattern.exec(text)) {
    total += Number(match[1]) * (UNIT_MS[match[2] ?? ''] ?? Number.NaN);
    consumed = pattern.lastIndex;
  }
  if (text.length === 0 || consumed !== text.length || !Number.isFinite(total)) {
    throw new InvalidConfigError(
      `invalid ${what}: expected a duration such as "30s" or "1m30s", got "${value}"`,
    );
  }
  return total;
}
