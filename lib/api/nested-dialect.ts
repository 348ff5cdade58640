// Appwrite 1.x's two database APIs are one engine behind two vocabularies (appwrite.md §4.2, §4.3, §5):
// databases → collections → attributes → documents, and tablesdb → tables → columns → rows. One builder
// makes a dialect from a vocabulary, so a route or body change is made once for both.

import { type DataDialect, fieldBody } from './dialect.ts';
import { jsonQueries } from './queries.ts';
import { segment as s } from './request.ts';
import type { ApiFamily } from './version.ts';

export interface Vocabulary {
  family: ApiFamily;
  /** `databases` or `tablesdb`: the API's root path segment. */
  root: string;
  /** `collections` or `tables`, and its id body key and placeholder in `name` tags. */
  containers: string;
  containerIdKey: string;
  containerTag: string;
  /** `documentSecurity` or `rowSecurity`. */
  securityKey: string;
  /** `attributes` or `columns`, and the noun used in messages. */
  fields: string;
  fieldNoun: DataDialect['fieldNoun'];
  /** `documents` or `rows`: path segment and list response key; and the record id body key. */
  records: DataDialect['listKey'];
  recordIdKey: string;
}

export function nestedDialect(v: Vocabulary): DataDialect {
  const container = (db: string, c: string) => `/${v.root}/${s(db)}/${v.containers}/${s(c)}`;
  const base = `/${v.root}/{db}/${v.containers}/${v.containerTag}`;
  const createRecordBody: DataDialect['createRecordBody'] = (recordId, data, permissions) =>
    permissions ? { [v.recordIdKey]: recordId, data, permissions } : { [v.recordIdKey]: recordId, data };
  return {
    family: v.family,
    fieldNoun: v.fieldNoun,
    listKey: v.records,
    createDatabase: (databaseId, name) => ({
      method: 'POST',
      path: `/${v.root}`,
      body: { databaseId, name },
      name: `POST /${v.root}`,
    }),
    deleteDatabase: (databaseId) => ({
      method: 'DELETE',
      path: `/${v.root}/${s(databaseId)}`,
      name: `DELETE /${v.root}/{db}`,
    }),
    createContainer: (databaseId, containerId, name, permissions) => ({
      method: 'POST',
      path: `/${v.root}/${s(databaseId)}/${v.containers}`,
      body: { [v.containerIdKey]: containerId, name, permissions, [v.securityKey]: false },
      name: `POST /${v.root}/{db}/${v.containers}`,
    }),
    createField: (databaseId, containerId, field) => ({
      method: 'POST',
      path: `${container(databaseId, containerId)}/${v.fields}/${field.type}`,
      body: fieldBody(field),
      name: `POST ${base}/${v.fields}/${field.type}`,
    }),
    getField: (databaseId, containerId, key) => ({
      method: 'GET',
      path: `${container(databaseId, containerId)}/${v.fields}/${s(key)}`,
      name: `GET ${base}/${v.fields}/{key}`,
    }),
    createRecord: (databaseId, containerId, recordId, data, permissions) => ({
      method: 'POST',
      path: `${container(databaseId, containerId)}/${v.records}`,
      body: createRecordBody(recordId, data, permissions),
      name: `POST ${base}/${v.records}`,
    }),
    createRecordBody,
    getRecord: (databaseId, containerId, recordId) => ({
      method: 'GET',
      path: `${container(databaseId, containerId)}/${v.records}/${s(recordId)}`,
      name: `GET ${base}/${v.records}/{id}`,
    }),
    listRecords: (databaseId, containerId, queries) => ({
      method: 'GET',
      path: `${container(databaseId, containerId)}/${v.records}`,
      query: jsonQueries(queries),
      name: `GET ${base}/${v.records}`,
    }),
  };
}
