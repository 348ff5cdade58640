// TablesDB API (tables/rows): Appwrite 1.8+. Routes and bodies: appwrite.md §4.3, §5;
// ../shared/specs/appwrite-1.8.1-*.openapi3.json. `total=false` (1.8.1+) is not sent: 1.8.0 lacks it.
import { nestedDialect } from './nested-dialect.ts';

export const tablesDbDialect = nestedDialect({
  family: 'tablesdb',
  root: 'tablesdb',
  containers: 'tables',
  containerIdKey: 'tableId',
  containerTag: '{t}',
  securityKey: 'rowSecurity',
  fields: 'columns',
  fieldNoun: 'column',
  records: 'rows',
  recordIdKey: 'rowId',
});
