// TablesDB API (tables/rows): Appwrite 1.8+. Routes and bodies: appwrite.md §4.3, §5;
// ../shared/specs/appwrite-1.8.1-*.openapi3.json. `total=false` (1.8.1+) is not sent: 1.8.0 lacks it.
import { type DataDialect, fieldBody } from './dialect.ts';
import { jsonQueries } from './queries.ts';
import { segment as s } from './request.ts';

const BASE = '/tablesdb/{db}/tables/{t}';

export const tablesDbDialect: DataDialect = {
  family: 'tablesdb',
  fieldNoun: 'column',
  listKey: 'rows',
  createDatabase: (databaseId, name) => ({
    method: 'POST',
    path: '/tablesdb',
    body: { databaseId, name },
    name: 'POST /tablesdb',
  }),
  deleteDatabase: (databaseId) => ({
    method: 'DELETE',
    path: `/tablesdb/${s(databaseId)}`,
    name: 'DELETE /tablesdb/{db}',
  }),
  createContainer: (databaseId, containerId, name, permissions) => ({
    method: 'POST',
    path: `/tablesdb/${s(databaseId)}/tables`,
    body: { tableId: containerId, name, permissions, rowSecurity: false },
    name: 'POST /tablesdb/{db}/tables',
  }),
  createField: (databaseId, containerId, field) => ({
    method: 'POST',
    path: `/tablesdb/${s(databaseId)}/tables/${s(containerId)}/columns/${field.type}`,
    body: fieldBody(field),
    name: `POST ${BASE}/columns/${field.type}`,
  }),
  getField: (databaseId, containerId, key) => ({
    method: 'GET',
    path: `/tablesdb/${s(databaseId)}/tables/${s(containerId)}/columns/${s(key)}`,
    name: `GET ${BASE}/columns/{key}`,
  }),
  createRecord: (databaseId, containerId, recordId, data, permissions) => ({
    method: 'POST',
    path: `/tablesdb/${s(databaseId)}/tables/${s(containerId)}/rows`,
    body: permissions ? { rowId: recordId, data, permissions } : { rowId: recordId, data },
    name: `POST ${BASE}/rows`,
  }),
  getRecord: (databaseId, containerId, recordId) => ({
    method: 'GET',
    path: `/tablesdb/${s(databaseId)}/tables/${s(containerId)}/rows/${s(recordId)}`,
    name: `GET ${BASE}/rows/{id}`,
  }),
  listRecords: (databaseId, containerId, queries) => ({
    method: 'GET',
    path: `/tablesdb/${s(databaseId)}/tables/${s(containerId)}/rows`,
    query: jsonQueries(queries),
    name: `GET ${BASE}/rows`,
  }),
};
