// A request described as plain data, so URL building, naming and headers are unit-tested without k6. Pure.

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface RequestSpec {
  method: HttpMethod;
  /** Path below the endpoint (which ends in /v1), with ids filled in and encoded: `/tablesdb/db1/tables`. */
  path: string;
  /** Query parameters in order; a key may repeat (`queries[]`). */
  query?: ReadonlyArray<readonly [string, string]>;
  /** JSON body. */
  body?: unknown;
  /** Low-cardinality `name` tag: the method and the route template, e.g. `POST /tablesdb/{db}/tables/{t}/rows`. */
  name: string;
}

/** Encodes one path segment: ids are ours, but a stray `/` or `?` must never change the route. */
export function segment(value: string): string {
  return encodeURIComponent(value);
}

/**
 * `a=1&queries%5B%5D=…`, built by hand because k6 may lack URLSearchParams (k6.md §5). PHP parses `queries[]`
 * into an array, which is what Appwrite expects (appwrite.md §6).
 */
export function queryString(query: ReadonlyArray<readonly [string, string]>): string {
  return query.map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(value)}`).join('&');
}

export function urlOf(endpoint: string, spec: RequestSpec): string {
  const query = spec.query && spec.query.length > 0 ? `?${queryString(spec.query)}` : '';
  return `${endpoint}${spec.path}${query}`;
}
