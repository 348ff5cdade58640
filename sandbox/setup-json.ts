// setup()'s return value as k6 hands it on: exported to Go values and marshalled with encoding/json
// (grafana/k6 js/runner.go "error marshaling setup() data to JSON"). Differences from JSON.stringify,
// all recorded by the k6 conformance corpus (setup-data, setup-data-unserialisable):
// `undefined` in an object or array becomes null, a Date becomes Go's RFC 3339 time text, and a
// function, NaN/Infinity or a cycle is refused.

export class SetupMarshalError extends Error {
  override name = 'SetupMarshalError' as const;
}

/** Go's time.Time JSON form (RFC 3339 with nanoseconds, trailing zeros dropped). */
function goTime(date: Date): string {
  const iso = date.toISOString();
  return iso.replace(/\.(\d+)Z$/, (_, fraction: string) => {
    const trimmed = fraction.replace(/0+$/, '');
    return trimmed ? `.${trimmed}Z` : 'Z';
  });
}

function convert(value: unknown, seen: Set<object>): unknown {
  if (value === undefined || value === null) return null;
  if (typeof value === 'function')
    throw new SetupMarshalError('json: unsupported type: func(sobek.FunctionCall) sobek.Value');
  if (typeof value === 'number' && !Number.isFinite(value))
    throw new SetupMarshalError(
      `json: unsupported value: ${Number.isNaN(value) ? 'NaN' : value > 0 ? '+Inf' : '-Inf'}`,
    );
  if (typeof value !== 'object') return value;
  // Values come from the script's vm context, where `instanceof Date` does not hold.
  if (Object.prototype.toString.call(value) === '[object Date]') return goTime(value as Date);
  if (seen.has(value))
    throw new SetupMarshalError(
      `json: unsupported value: encountered a cycle via ${Array.isArray(value) ? '[]interface {}' : 'map[string]interface {}'}`,
    );
  seen.add(value);
  try {
    if (Array.isArray(value)) return value.map((item) => convert(item, seen));
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) out[key] = convert(item, seen);
    return out;
  } finally {
    seen.delete(value);
  }
}

/** The JSON k6 makes of setup()'s result; undefined when setup returned nothing. Throws SetupMarshalError. */
export function marshalSetupData(result: unknown): string | undefined {
  if (result === undefined) return undefined;
  return JSON.stringify(convert(result, new Set()));
}
