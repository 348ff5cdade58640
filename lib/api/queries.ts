// JSON queries as Appwrite 1.5+ parses them (utopia-php/database Query::parse; appwrite.md §6). Pure.
// 1.0–1.4 take strings such as `equal("title", ["x"])`: a later dialect adds that form.

export type Query =
  | { method: 'equal'; attribute: string; values: ReadonlyArray<string | number | boolean> }
  | { method: 'limit'; values: readonly [number] }
  | { method: 'orderDesc' | 'orderAsc'; attribute: string };

export function equal(attribute: string, values: ReadonlyArray<string | number | boolean>): Query {
  return { method: 'equal', attribute, values };
}

export function limit(count: number): Query {
  return { method: 'limit', values: [count] };
}

export function orderDesc(attribute: string): Query {
  return { method: 'orderDesc', attribute };
}

/** `queries[]` entries for the query string. */
export function jsonQueries(queries: readonly Query[]): Array<readonly [string, string]> {
  return queries.map((query) => ['queries[]', JSON.stringify(query)] as const);
}
