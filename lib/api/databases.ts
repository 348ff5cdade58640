// Databases API (collections/documents) with JSON queries: Appwrite 1.5–1.7, still served on 1.8+.
// Routes and bodies: appwrite.md §4.2, §5, §6; ../shared/specs/appwrite-1.7.4-*.openapi3.json.
import { nestedDialect } from './nested-dialect.ts';

export const databasesDialect = nestedDialect({
  family: 'databases',
  root: 'databases',
  containers: 'collections',
  containerIdKey: 'collectionId',
  containerTag: '{c}',
  securityKey: 'documentSecurity',
  fields: 'attributes',
  fieldNoun: 'attribute',
  records: 'documents',
  recordIdKey: 'documentId',
});
