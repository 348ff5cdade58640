// Account (client), users (server) and health routes, the same for every 1.x (appwrite.md §3, §8). Pure.

import { equal, jsonQueries, limit } from './queries.ts';
import type { RequestSpec } from './request.ts';
import { segment as s } from './request.ts';

/** Public, no project needed; absent from the specs because it has no SDK method (appwrite.md §8). */
export function healthVersion(): RequestSpec {
  return { method: 'GET', path: '/health/version', name: 'GET /health/version' };
}

/** Sign-up: 10 per hour per IP (appwrite.md §10.2). `userId` is required since 0.12. */
export function createAccount(userId: string, email: string, password: string, name: string): RequestSpec {
  return { method: 'POST', path: '/account', body: { userId, email, password, name }, name: 'POST /account' };
}

/** Login: 10 per hour per email up to 1.8; 1.9 resets the count on success (appwrite.md §10.1). */
export function createEmailSession(email: string, password: string): RequestSpec {
  return {
    method: 'POST',
    path: '/account/sessions/email',
    body: { email, password },
    name: 'POST /account/sessions/email',
  };
}

export function getAccount(): RequestSpec {
  return { method: 'GET', path: '/account', name: 'GET /account' };
}

/** Logout: 100 per hour per IP for all users of that IP (appwrite.md §10.8). */
export function deleteCurrentSession(): RequestSpec {
  return { method: 'DELETE', path: '/account/sessions/current', name: 'DELETE /account/sessions/current' };
}

/** Server-side user creation with the key: no abuse budget spent (appwrite.md §10.2). */
export function createUser(userId: string, email: string, password: string, name: string): RequestSpec {
  return { method: 'POST', path: '/users', body: { userId, email, password, name }, name: 'POST /users' };
}

export function deleteUser(userId: string): RequestSpec {
  return { method: 'DELETE', path: `/users/${s(userId)}`, name: 'DELETE /users/{id}' };
}

/**
 * Users whose name is exactly `name`, one page. `name` is a queryable users attribute
 * (appwrite/appwrite src/Appwrite/Utopia/Database/Validator/Queries/Users.php, ALLOWED_ATTRIBUTES).
 */
export function listUsersNamed(name: string, pageSize: number): RequestSpec {
  return {
    method: 'GET',
    path: '/users',
    query: jsonQueries([equal('name', [name]), limit(pageSize)]),
    name: 'GET /users',
  };
}
