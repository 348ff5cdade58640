// Compares one emulator answer with one recorded Appwrite 1.9.0 answer, as the recordings' README
// (`../shared/fixtures/appwrite-1.9.0/README.md`, "How a replayer should compare") says: status, error
// type/code, body keys and JSON types recursively, stable values equal, volatile values by type only,
// and the rate-limit headers with `x-ratelimit-reset` taken relative to the replayer's own clock.

/** Body fields whose values differ on every run (README "Volatile values"). */
const VOLATILE_FIELDS = new Set([
  '$createdAt',
  '$updatedAt',
  'registration',
  'passwordUpdate',
  'accessedAt',
  'expire',
  'mfaUpdatedAt',
  'password',
]);

/** Headers the emulator models and which must be equal (after substitution). */
/** Dropped from every recorded exchange (volatile or transport). */
const UNRECORDED_HEADERS: ReadonlySet<string> = new Set([
  'date',
  'connection',
  'content-length',
  'transfer-encoding',
  'keep-alive',
]);

const EQUAL_HEADERS = [
  'content-type',
  'x-fallback-cookies',
  'server',
  'x-content-type-options',
  'access-control-allow-methods',
  'access-control-allow-headers',
  'access-control-expose-headers',
  'access-control-allow-credentials',
  'access-control-max-age',
  'cache-control',
  'expires',
  'pragma',
  'x-ratelimit-limit',
  'x-ratelimit-remaining',
];

export interface Recorded {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | string[]>>;
  readonly body: unknown;
}

export interface Outcome {
  /** Differences that break the README's rules. */
  readonly failures: string[];
  /** Allowed differences in stable-looking values (error message text): the exchange matches by shape only. */
  readonly shapeOnly: string[];
}

function kind(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

/** `ids`: recorded → emulator value of every generated id seen so far (they compare as equal). */
function compareValue(
  path: string,
  recorded: unknown,
  actual: unknown,
  ids: ReadonlyMap<string, string>,
  out: Outcome,
  volatile: boolean,
): void {
  if (kind(recorded) !== kind(actual)) {
    out.failures.push(`${path}: type ${kind(actual)}, recorded ${kind(recorded)}`);
    return;
  }
  if (Array.isArray(recorded) && Array.isArray(actual)) {
    if (recorded.length !== actual.length) {
      out.failures.push(`${path}: length ${actual.length}, recorded ${recorded.length}`);
      return;
    }
    recorded.forEach((item, i) => {
      compareValue(`${path}[${i}]`, item, actual[i], ids, out, volatile);
    });
    return;
  }
  if (kind(recorded) === 'object') {
    const r = recorded as Record<string, unknown>;
    const a = actual as Record<string, unknown>;
    const missing = Object.keys(r).filter((k) => !(k in a));
    const extra = Object.keys(a).filter((k) => !(k in r));
    if (missing.length > 0) out.failures.push(`${path}: missing keys ${missing.join(', ')}`);
    if (extra.length > 0) out.failures.push(`${path}: extra keys ${extra.join(', ')}`);
    for (const key of Object.keys(r)) {
      if (!(key in a)) continue;
      compareValue(`${path}.${key}`, r[key], a[key], ids, out, volatile || VOLATILE_FIELDS.has(key));
    }
    return;
  }
  if (volatile || recorded === actual) return;
  if (typeof recorded === 'string' && typeof actual === 'string' && substitute(recorded, ids) === actual)
    return;
  out.failures.push(`${path}: ${JSON.stringify(actual)}, recorded ${JSON.stringify(recorded)}`);
}

/** The headline and the error type of an Appwrite HTML error page. */
function visibleText(page: string): string[] {
  const found: string[] = [];
  for (const re of [/<h1>([^<]*)<\/h1>/, /<span class='type'>([^<]*)<\/span>/]) {
    const text = re.exec(page)?.[1]?.trim();
    if (text !== undefined && text !== '') found.push(text);
  }
  if (found.length < 2) throw new Error('visibleText: the recorded page has no <h1> or error type');
  return found;
}

/** Replaces every recorded generated id / placeholder by the emulator's value. */
export function substitute(text: string, ids: ReadonlyMap<string, string>): string {
  let result = text;
  for (const [from, to] of ids) if (result.includes(from)) result = result.split(from).join(to);
  return result;
}

function header(headers: Readonly<Record<string, string | string[] | undefined>>, name: string) {
  const value = headers[name];
  return Array.isArray(value) ? value.join('\n') : value;
}

export interface CompareOptions {
  readonly nowSeconds: number;
  readonly periodSeconds: number;
}

export function compareExchange(
  recorded: Recorded,
  actual: Recorded,
  ids: ReadonlyMap<string, string>,
  options: CompareOptions,
): Outcome {
  const { nowSeconds, periodSeconds } = options;
  const out: Outcome = { failures: [], shapeOnly: [] };
  if (recorded.status !== actual.status)
    out.failures.push(`status ${actual.status}, recorded ${recorded.status}`);
  for (const name of EQUAL_HEADERS) {
    const want = header(recorded.headers, name);
    const got = header(actual.headers, name);
    const wantSubstituted = want === undefined ? undefined : substitute(want, ids);
    if (wantSubstituted !== got)
      out.failures.push(`header ${name}: ${JSON.stringify(got)}, recorded ${JSON.stringify(want)}`);
  }
  // The recordings keep every header but the transport and volatile ones (README "Line format"), so
  // the emulator must send exactly the same set of names besides those.
  const names = (h: Readonly<Record<string, unknown>>) =>
    Object.keys(h)
      .filter((k) => !UNRECORDED_HEADERS.has(k) && !k.startsWith('x-debug-'))
      .sort();
  const missing = names(recorded.headers).filter((k) => !(k in actual.headers));
  const extra = names(actual.headers).filter((k) => !(k in recorded.headers));
  if (missing.length > 0) out.failures.push(`headers missing: ${missing.join(', ')}`);
  if (extra.length > 0) out.failures.push(`headers not recorded: ${extra.join(', ')}`);
  if ('set-cookie' in recorded.headers !== 'set-cookie' in actual.headers)
    out.failures.push(
      `header set-cookie: present ${'set-cookie' in actual.headers}, recorded ${'set-cookie' in recorded.headers}`,
    );
  const wantReset = header(recorded.headers, 'x-ratelimit-reset');
  const gotReset = header(actual.headers, 'x-ratelimit-reset');
  if (wantReset !== undefined) {
    const windowEnd = String(Math.floor(nowSeconds / periodSeconds) * periodSeconds + periodSeconds);
    if (gotReset !== windowEnd)
      out.failures.push(`header x-ratelimit-reset: ${gotReset}, expected ${windowEnd}`);
  } else if (gotReset !== undefined) out.failures.push('header x-ratelimit-reset: present, not recorded');

  const isError =
    recorded.status >= 400 &&
    typeof recorded.body === 'object' &&
    recorded.body !== null &&
    'type' in recorded.body;
  if (isError && typeof actual.body === 'object' && actual.body !== null) {
    const r = recorded.body as Record<string, unknown>;
    const a = actual.body as Record<string, unknown>;
    for (const key of ['type', 'code', 'version'])
      if (r[key] !== a[key])
        out.failures.push(`${key}: ${JSON.stringify(a[key])}, recorded ${JSON.stringify(r[key])}`);
    if (typeof a.message !== 'string' || a.message === '')
      out.failures.push('message: not a non-empty string');
    else if (a.message !== r.message)
      out.shapeOnly.push(`message: ${JSON.stringify(a.message)}, recorded ${JSON.stringify(r.message)}`);
    const keys = (o: Record<string, unknown>) => Object.keys(o).sort().join(',');
    if (keys(r) !== keys(a)) out.failures.push(`error keys ${keys(a)}, recorded ${keys(r)}`);
    return out;
  }
  if (typeof recorded.body === 'string') {
    // The HTML 404 page outside /v1: the emulator does not copy Appwrite's 9 KB page, but its visible
    // text (the <h1> headline and the error type) must be there.
    if (typeof actual.body !== 'string') {
      out.failures.push(`body type ${kind(actual.body)}, recorded string`);
      return out;
    }
    for (const text of visibleText(recorded.body))
      if (!actual.body.includes(text)) out.failures.push(`body: HTML page lacks ${JSON.stringify(text)}`);
    if (actual.body !== recorded.body) out.shapeOnly.push('body: HTML page text differs');
    return out;
  }
  compareValue('body', recorded.body, actual.body, ids, out, false);
  return out;
}

/**
 * The smoke run's four workloads ran concurrently, and `seq` is the order of arrival at the recording
 * proxy, not the order the server committed them: the writes VU's first create (seq 40) arrived before
 * five creates of the limits VU yet got `$sequence` "27" after their "22".."26", and the reads lists at
 * seq 42/48 counted 10 rows, not seeing it. `$sequence` is the table's commit counter (the fixtures'
 * README: "per table in creation order"), so the recording itself says when each create took effect:
 * `commitOrder` replays a create right after the create that got the previous number in its table when
 * that one arrived later. Every other request keeps its arrival position; files a-f were sent one at a
 * time, so there arrival order is commit order and nothing moves.
 */
export function commitOrder<T extends { request: { method: string; path: string }; response: Recorded }>(
  lines: readonly T[],
): T[] {
  const sequenceOf = (line: T): { table: string; n: number } | undefined => {
    const body = line.response.body as Record<string, unknown> | null;
    if (line.request.method !== 'POST' || line.response.status !== 201 || body === null) return undefined;
    const n = typeof body.$sequence === 'string' ? Number(body.$sequence) : Number.NaN;
    if (!Number.isInteger(n)) return undefined;
    return { table: line.request.path.split('?')[0] ?? '', n };
  };
  const recorded = new Set<string>();
  for (const line of lines) {
    const s = sequenceOf(line);
    if (s !== undefined) recorded.add(`${s.table}#${s.n}`);
  }
  const committed = new Set<string>();
  const held = new Map<string, T>();
  const out: T[] = [];
  const emit = (line: T): void => {
    out.push(line);
    const s = sequenceOf(line);
    if (s === undefined) return;
    committed.add(`${s.table}#${s.n}`);
    const next = held.get(`${s.table}#${s.n + 1}`);
    if (next !== undefined) {
      held.delete(`${s.table}#${s.n + 1}`);
      emit(next);
    }
  };
  for (const line of lines) {
    const s = sequenceOf(line);
    const previous = s === undefined ? '' : `${s.table}#${s.n - 1}`;
    if (s !== undefined && recorded.has(previous) && !committed.has(previous))
      held.set(`${s.table}#${s.n}`, line);
    else emit(line);
  }
  if (held.size > 0) throw new Error(`commitOrder: ${held.size} create(s) wait for a number never committed`);
  return out;
}
