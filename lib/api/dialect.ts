// What the benchmark needs from a server's data API, as request builders. Pure.
// One implementation per API family (the 1.x ones are vocabularies of lib/api/nested-dialect.ts); 0.6/0.7 (`/v1/database`,
// rules, filters) and 1.0–1.4 (string queries) fit the same interface later.
import type { Query } from './queries.ts';
import type { RequestSpec } from './request.ts';
import type { ApiFamily } from './version.ts';

export type FieldSpec =
  | { type: 'string'; key: string; size: number; required: boolean }
  | { type: 'integer'; key: string; required: boolean; min?: number; max?: number }
  | { type: 'boolean'; key: string; required: boolean };

export interface DataDialect {
  family: ApiFamily;
  /** What users call a field here (`attribute` or `column`), for error messages. */
  fieldNoun: string;
  /** The body key of a list response: `documents` or `rows`. */
  listKey: string;
  createDatabase(databaseId: string, name: string): RequestSpec;
  deleteDatabase(databaseId: string): RequestSpec;
  /** A collection or table that signed-in users may create in and read from. */
  createContainer(
    databaseId: string,
    containerId: string,
    name: string,
    permissions: readonly string[],
  ): RequestSpec;
  createField(databaseId: string, containerId: string, field: FieldSpec): RequestSpec;
  getField(databaseId: string, containerId: string, key: string): RequestSpec;
  createRecord(
    databaseId: string,
    containerId: string,
    recordId: string,
    data: Record<string, unknown>,
    permissions?: readonly string[],
  ): RequestSpec;
  /** The body of `createRecord`, for a VU that sends the same route with new data every iteration. */
  createRecordBody(recordId: string, data: Record<string, unknown>, permissions?: readonly string[]): unknown;
  getRecord(databaseId: string, containerId: string, recordId: string): RequestSpec;
  listRecords(databaseId: string, containerId: string, queries: readonly Query[]): RequestSpec;
}

/** Body of an attribute/column create: the type is in the path, the rest is shared by both families. */
export function fieldBody(field: FieldSpec): Record<string, unknown> {
  const { type: _type, ...rest } = field;
  return { ...rest, array: false };
}
