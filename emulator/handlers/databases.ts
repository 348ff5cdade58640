// Databases API (1.x: databases → collections → attributes → documents) and TablesDB (1.8+: tablesdb →
// tables → columns → rows). One engine behind both, as in Appwrite, where TablesDB routes reuse the
// collection/document controllers (reference appwrite.md §4.2, §4.3, §5). Each resource has its own
// module under `databases/`, so a version difference of one resource has one place.
import type { Handler } from '../context.ts';
import type { Flavor } from '../models.ts';
import { containerResource } from './databases/containers.ts';
import { databaseResource } from './databases/databases.ts';
import { fieldResource } from './databases/fields.ts';
import { recordResource } from './databases/records.ts';
import { scopeFor } from './databases/scope.ts';

export interface DatabaseHandlers {
  createDatabase: Handler;
  listDatabases: Handler;
  getDatabase: Handler;
  deleteDatabase: Handler;
  createCollection: Handler;
  getCollection: Handler;
  deleteCollection: Handler;
  createString: Handler;
  createInteger: Handler;
  createBoolean: Handler;
  getAttribute: Handler;
  listAttributes: Handler;
  createDocument: Handler;
  getDocument: Handler;
  listDocuments: Handler;
  updateDocument: Handler;
  deleteDocument: Handler;
}

export function databaseHandlers(flavor: Flavor): DatabaseHandlers {
  const s = scopeFor(flavor);
  const { buildAttribute: _build, ...fields } = fieldResource(s);
  return { ...databaseResource(s), ...containerResource(s), ...fields, ...recordResource(s) };
}
