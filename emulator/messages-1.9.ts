// Error texts of real Appwrite 1.9.0 where they differ from the catalogue's older wording, as recorded
// in `../shared/fixtures/appwrite-1.9.0/` (type and code are unchanged; only `message` differs).
import type { Dialect } from './dialect.ts';

export const is19 = (dialect: Dialect): boolean => dialect.family === '1.9';

/** health.jsonl seq 3. */
export const ROUTE_NOT_FOUND =
  'Route not found. Please ensure the endpoint is configured correctly and that the API route is valid for this SDK version. Refer to the API docs for more details.';

/** Sign-up and `POST /v1/users` (account.jsonl seq 4); the login route keeps "…256 characters long.". */
export const NEW_PASSWORD =
  'Password must be between 8 and 265 characters long, and should not be one of the commonly used password.';

/** `Row with the requested ID 'row-nope' could not be found.` (tablesdb.jsonl seq 44, 45, 63). */
export function notFound(
  thing: 'Database' | 'Table' | 'Collection' | 'Row' | 'Document',
  id: string,
): string {
  return `${thing} with the requested ID '${id}' could not be found.`;
}

/** tablesdb.jsonl seq 26. */
export function recordExists(thing: 'Row' | 'Document', id: string): string {
  return `${thing} with the requested ID '${id}' already exists. Try again with a different ID or use ID.unique() to generate a unique ID.`;
}

/** tablesdb.jsonl seq 15. */
export function fieldExists(thing: 'Column' | 'Attribute', key: string): string {
  return `${thing} with the requested key '${key}' already exists. ${thing} keys must be unique, try again with a different key.`;
}

/** PHP `number_format`: thousands separated by commas (tablesdb.jsonl seq 40: "between 0 and 1,000"). */
export function numberFormat(n: number): string {
  return Math.trunc(n).toLocaleString('en-US');
}
