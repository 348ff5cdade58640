// 1.5+ JSON queries `{"method":"equal","attribute":"x","values":[...]}` (reference appwrite.md §6;
// utopia-php/database `Query::parse`). Errors use Appwrite's wording for the `queries` param.

import type { Context } from './context.ts';
import { AppwriteError } from './errors.ts';
import type { AttributeRecord, DocumentRecord } from './store.ts';

export function queryDialect(ctx: Context): QueryDialect {
  const is19 = ctx.settings.dialect.family === '1.9';
  return { modern: is19, searchNeedsIndex: is19 };
}

export const DEFAULT_LIMIT = 25;
/** `APP_LIMIT_COUNT`: list totals are counted up to this many (`app/init/constants.php`). */
export const COUNT_LIMIT = 5000;

type Filter = { method: string; attribute: string; values: unknown[] };

export interface ListPlan {
  readonly filters: readonly Filter[];
  readonly limit: number;
  readonly offset: number;
  readonly order: readonly { attribute: string; desc: boolean }[];
  readonly cursorAfter?: string;
  readonly cursorBefore?: string;
  /** `select` queries: the attributes to return (system `$` fields always come back). */
  readonly select?: readonly string[];
}

/**
 * 1.9.0 answers bad queries with `general_query_invalid` and the bare validator text (recorded:
 * tablesdb.jsonl seq 41, 42, users.jsonl seq 8) and takes any positive `limit` (5001 is accepted);
 * earlier versions, and 1.9.0's `GET /v1/users` (users.jsonl seq 14), use `general_argument_invalid`
 * with the `queries` param prefix and cap `limit` at 5000.
 */
export interface QueryDialect {
  readonly modern: boolean;
  /** A `search` query names an attribute without a fulltext index: 400 (1.9.0, users.jsonl seq 8). */
  readonly searchNeedsIndex?: boolean;
}

const FILTERS = new Set([
  'equal',
  'notEqual',
  'lessThan',
  'lessThanEqual',
  'greaterThan',
  'greaterThanEqual',
  'isNull',
  'isNotNull',
]);
const SYSTEM = new Set(['$id', '$createdAt', '$updatedAt', '$sequence']);

function badFor(dialect: QueryDialect): (detail: string) => AppwriteError {
  return dialect.modern
    ? (detail) => new AppwriteError('general_query_invalid', `Invalid query: ${detail}`)
    : (detail) =>
        new AppwriteError('general_argument_invalid', `Invalid \`queries\` param: Invalid query: ${detail}`);
}

/** Collects `queries[]`, `queries[0]`, ... from the query string (PHP array syntax). */
export function queryStrings(search: URLSearchParams): string[] {
  const out: string[] = [];
  for (const [name, value] of search) {
    if (name === 'queries' || /^queries\[\d*\]$/.test(name)) out.push(value);
  }
  return out;
}

export function planList(
  raw: readonly string[],
  attributes: ReadonlyMap<string, AttributeRecord>,
  available: (a: AttributeRecord) => boolean,
  dialect: QueryDialect = { modern: false },
): ListPlan {
  const bad = badFor(dialect);
  let select: string[] | undefined;
  const filters: Filter[] = [];
  const order: { attribute: string; desc: boolean }[] = [];
  let limit = DEFAULT_LIMIT;
  let offset = 0;
  let cursorAfter: string | undefined;
  let cursorBefore: string | undefined;
  if (raw.length > 100) throw bad('Query limit exceeded');
  for (const text of raw) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw bad('Syntax error');
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw bad('Syntax error');
    const q = parsed as Record<string, unknown>;
    const method = q.method;
    const attribute = typeof q.attribute === 'string' ? q.attribute : '';
    const values = Array.isArray(q.values) ? q.values : [];
    if (typeof method !== 'string') throw bad('Syntax error');
    const checkAttribute = (): void => {
      if (SYSTEM.has(attribute)) return;
      const a = attributes.get(attribute);
      if (a === undefined || !available(a)) throw bad(`Attribute not found in schema: ${attribute}`);
    };
    if (FILTERS.has(method)) {
      checkAttribute();
      if (method !== 'isNull' && method !== 'isNotNull' && values.length === 0) {
        throw bad(`${method} queries require at least one value.`);
      }
      filters.push({ method, attribute, values });
    } else if (method === 'limit' || method === 'offset') {
      const n = values[0];
      if (
        typeof n !== 'number' ||
        !Number.isInteger(n) ||
        n < 0 ||
        (method === 'limit' && (n < 1 || (!dialect.modern && n > COUNT_LIMIT)))
      ) {
        throw bad(`Invalid ${method} value`);
      }
      if (method === 'limit') limit = n;
      else offset = n;
    } else if (method === 'orderAsc' || method === 'orderDesc') {
      if (attribute !== '') checkAttribute();
      order.push({ attribute: attribute === '' ? '$sequence' : attribute, desc: method === 'orderDesc' });
    } else if (method === 'cursorAfter' || method === 'cursorBefore') {
      const id = values[0];
      if (typeof id !== 'string') throw bad(`Invalid ${method} value`);
      if (method === 'cursorAfter') cursorAfter = id;
      else cursorBefore = id;
    } else if (method === 'select') {
      select = [...(select ?? []), ...values.filter((v): v is string => typeof v === 'string')];
    } else if (method === 'search' && dialect.searchNeedsIndex === true) {
      // No collection or user attribute has a fulltext index in the emulator.
      throw new AppwriteError(
        'general_query_invalid',
        `Searching by attribute "${attribute}" requires a fulltext index.`,
      );
    } else {
      throw bad(`Invalid query method: ${method}`);
    }
  }
  const plan: ListPlan = { filters, limit, offset, order };
  return {
    ...plan,
    ...(select === undefined ? {} : { select }),
    ...(cursorAfter === undefined ? {} : { cursorAfter }),
    ...(cursorBefore === undefined ? {} : { cursorBefore }),
  };
}

function fieldOf(doc: DocumentRecord, attribute: string): unknown {
  switch (attribute) {
    case '$id':
      return doc.id;
    case '$sequence':
      return doc.sequence;
    case '$createdAt':
      return doc.createdAt;
    case '$updatedAt':
      return doc.updatedAt;
    default:
      return doc.data[attribute] ?? null;
  }
}

function compare(a: unknown, b: unknown): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
  return String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0;
}

function normalise(attribute: string, value: unknown): unknown {
  // Timestamps are stored as epoch ms and queried as ISO strings.
  if ((attribute === '$createdAt' || attribute === '$updatedAt') && typeof value === 'string')
    return Date.parse(value);
  return value;
}

function matches(doc: DocumentRecord, f: Filter): boolean {
  const v = fieldOf(doc, f.attribute);
  const values = f.values.map((x) => normalise(f.attribute, x));
  switch (f.method) {
    case 'equal':
      return values.some((x) => x === v);
    case 'notEqual':
      return values.every((x) => x !== v);
    case 'lessThan':
      return v !== null && compare(v, values[0]) < 0;
    case 'lessThanEqual':
      return v !== null && compare(v, values[0]) <= 0;
    case 'greaterThan':
      return v !== null && compare(v, values[0]) > 0;
    case 'greaterThanEqual':
      return v !== null && compare(v, values[0]) >= 0;
    case 'isNull':
      return v === null;
    default:
      return v !== null;
  }
}

/**
 * Filters and orders `docs` (already restricted to what the caller may read). A cursor is looked up in
 * the filtered rows, else through `lookup` (a record that exists but is filtered out still works as a
 * keyset cursor, as utopia-php/database compares against the cursor document's values); without
 * either it answers `general_cursor_not_found` with `cursorNoun` in the message.
 */
export function runList(
  docs: Iterable<DocumentRecord>,
  plan: ListPlan,
  cursorNoun = 'Document',
  lookup?: (id: string) => DocumentRecord | undefined,
): { total: number; page: DocumentRecord[] } {
  let rows: DocumentRecord[] = [];
  for (const doc of docs) if (plan.filters.every((f) => matches(doc, f))) rows.push(doc);
  const order = (a: DocumentRecord, b: DocumentRecord): number => {
    for (const o of plan.order) {
      const c = compare(fieldOf(a, o.attribute), fieldOf(b, o.attribute));
      if (c !== 0) return o.desc ? -c : c;
    }
    return a.sequence - b.sequence;
  };
  if (plan.order.length > 0) rows.sort(order);
  const total = Math.min(rows.length, COUNT_LIMIT);
  for (const [cursor, after] of [
    [plan.cursorAfter, true],
    [plan.cursorBefore, false],
  ] as const) {
    if (cursor === undefined) continue;
    const index = rows.findIndex((d) => d.id === cursor);
    if (index >= 0) {
      rows = after ? rows.slice(index + 1) : rows.slice(0, index);
      continue;
    }
    const record = lookup?.(cursor);
    if (record === undefined) {
      throw new AppwriteError(
        'general_cursor_not_found',
        `${cursorNoun} '${cursor}' for the 'cursor' value not found.`,
      );
    }
    rows = rows.filter((d) => (after ? order(d, record) > 0 : order(d, record) < 0));
  }
  return { total, page: rows.slice(plan.offset, plan.offset + plan.limit) };
}
