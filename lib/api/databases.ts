// Databases API (collections/documents) with JSON queries: Appwrite 1.5–1.7, still served on 1.8+.
// Routes and bodies: appwrite.md §4.2, §5, §6; ../shared/specs/appwrite-1.7.4-*.openapi3.json.
import { type DataDialect, fieldBody } from './dialect.ts';
import { jsonQueries } from './queries.ts';
import { segment as s } from './request.ts';

const BASE = '/databases/{db}/collections/{c}';

export const databasesDialect: DataDialect = {
  family: 'databases',
  fieldNoun: 'attribute',
  listKey: 'documents',
  createDatabase: (databaseId, name) => ({
    method: 'POST',
    path: '/databases',
    body: { databaseId, name },
    name: 'POST /databases',
  }),
  deleteDatabase: (databaseId) => ({
    method: 'DELETE',
    path: `/databases/${s(databaseId)}`,
    name: 'DELETE /databases/{db}',
  }),
  createContainer: (databaseId, containerId, name, permissions) => ({
    method: 'POST',
    path: `/databases/${s(databaseId)}/collections`,
    body: { collectionId: containerId, name, permissions, documentSecurity: false },
    name: 'POST /databases/{db}/collections',
  }),
  createField: (databaseId, containerId, field) => ({
    method: 'POST',
    path: `/databases/${s(databaseId)}/collections/${s(containerId)}/attributes/${field.type}`,
    body: fieldBody(field),
    name: `POST ${BASE}/attributes/${field.type}`,
  }),
  getField: (databaseId, containerId, key) => ({
    method: 'GET',
    path: `/databases/${s(databaseId)}/collections/${s(containerId)}/attributes/${s(key)}`,
    name: `GET ${BASE}/attributes/{key}`,
  }),
  createRecord: (databaseId, containerId, recordId, data, permissions) => ({
    method: 'POST',
    path: `/databases/${s(databaseId)}/collections/${s(containerId)}/documents`,
    body: permissions ? { documentId: recordId, data, permissions } : { documentId: recordId, data },
    name: `POST ${BASE}/documents`,
  }),
  getRecord: (databaseId, containerId, recordId) => ({
    method: 'GET',
    path: `/databases/${s(databaseId)}/collections/${s(containerId)}/documents/${s(recordId)}`,
    name: `GET ${BASE}/documents/{id}`,
  }),
  listRecords: (databaseId, containerId, queries) => ({
    method: 'GET',
    path: `/databases/${s(databaseId)}/collections/${s(containerId)}/documents`,
    query: jsonQueries(queries),
    name: `GET ${BASE}/documents`,
  }),
};
