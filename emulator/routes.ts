// The route table: method, path template, scope, abuse labels and fault family of every route the
// emulator serves. Abuse labels are those of the specs' `x-appwrite.rate-*` fields
// (`../shared/specs/endpoint-summary.json`) and reference appwrite.md §10.2.
import type { AbuseRule } from './abuse.ts';
import type { Handler } from './context.ts';
import type { Dialect } from './dialect.ts';
import * as account from './handlers/account.ts';
import { consoleRoutes } from './handlers/console-routes.ts';
import { databaseHandlers } from './handlers/databases.ts';
import * as health from './handlers/health.ts';
import * as users from './handlers/users.ts';

/** Fault-injection families (issue 3): account/session routes, other GETs, other writes. */
export type Family = 'auth' | 'reads' | 'writes' | 'none';

/**
 * `public`: anyone; `account`: signed-in users; `documents`: guests and users (collection permissions
 * decide); anything else: key only (`app/config/roles.php`: guests and users lack users.*, databases.*,
 * collections.*, attributes.*, health.*).
 */
export type Scope = 'public' | 'account' | 'documents' | 'key';

export interface Route {
  readonly method: string;
  readonly path: string;
  /** The scope name quoted in Appwrite's `missing scopes` message. */
  readonly scopeName: string;
  readonly scope: Scope;
  readonly family: Family;
  readonly handler: Handler;
  readonly abuse?: AbuseRule;
  /** The path template used for `{url}` in abuse keys when it differs from `path` (aliases). */
  readonly abusePath?: string;
  /** Served without a project (falls back to console, reference §2). */
  readonly projectless?: boolean;
  /** Login routes: the 1.5+ `session` group guard and the 1.9 abuse reset on 201. */
  readonly login?: boolean;
  readonly available?: (dialect: Dialect) => boolean;
}

const WRITE: AbuseRule = {
  limit: 120,
  periodSeconds: 60,
  key: 'ip:{ip},method:{method},url:{url},userId:{userId}',
};
const DELETE: AbuseRule = {
  limit: 60,
  periodSeconds: 60,
  key: 'ip:{ip},method:{method},url:{url},userId:{userId}',
};
const ACCOUNT_CREATE: AbuseRule = { limit: 10, periodSeconds: 3600, key: 'url:{url},ip:{ip}' };
const LOGIN: AbuseRule = { limit: 10, periodSeconds: 3600, key: 'url:{url},email:{param-email}' };
const LOGOUT: AbuseRule = { limit: 100, periodSeconds: 3600, key: 'url:{url},ip:{ip}' };

const tablesDb = (d: Dialect) => d.tablesDb;

function databaseRoutes(flavor: 'documents' | 'rows'): Route[] {
  const h = databaseHandlers(flavor);
  const rows = flavor === 'rows';
  const base = rows ? '/v1/tablesdb' : '/v1/databases';
  const coll = rows ? `${base}/:databaseId/tables/:tableId` : `${base}/:databaseId/collections/:collectionId`;
  const attr = rows ? `${coll}/columns` : `${coll}/attributes`;
  const docs = rows ? `${coll}/rows` : `${coll}/documents`;
  const doc = rows ? `${docs}/:rowId` : `${docs}/:documentId`;
  const s = (what: 'databases' | 'collections' | 'attributes', write: boolean): string => {
    const name = rows ? { databases: 'databases', collections: 'tables', attributes: 'columns' }[what] : what;
    return `${name}.${write ? 'write' : 'read'}`;
  };
  const d = (write: boolean) => `${rows ? 'rows' : 'documents'}.${write ? 'write' : 'read'}`;
  const extra = rows ? { available: tablesDb } : {};
  const r = (
    method: string,
    path: string,
    handler: Handler,
    scope: Scope,
    scopeName: string,
    abuse?: AbuseRule,
  ): Route => ({
    method,
    path,
    handler,
    scope,
    scopeName,
    family: method === 'GET' ? 'reads' : 'writes',
    ...(abuse === undefined ? {} : { abuse }),
    ...extra,
  });
  return [
    r('POST', base, h.createDatabase, 'key', s('databases', true)),
    r('GET', base, h.listDatabases, 'key', s('databases', false)),
    r('GET', `${base}/:databaseId`, h.getDatabase, 'key', s('databases', false)),
    r('DELETE', `${base}/:databaseId`, h.deleteDatabase, 'key', s('databases', true)),
    r(
      'POST',
      rows ? `${base}/:databaseId/tables` : `${base}/:databaseId/collections`,
      h.createCollection,
      'key',
      s('collections', true),
    ),
    r('GET', coll, h.getCollection, 'key', s('collections', false)),
    r('DELETE', coll, h.deleteCollection, 'key', s('collections', true)),
    r('POST', `${attr}/string`, h.createString, 'key', s('attributes', true)),
    r('POST', `${attr}/integer`, h.createInteger, 'key', s('attributes', true)),
    r('POST', `${attr}/boolean`, h.createBoolean, 'key', s('attributes', true)),
    r('GET', attr, h.listAttributes, 'key', s('attributes', false)),
    r('GET', `${attr}/:key`, h.getAttribute, 'key', s('attributes', false)),
    r('POST', docs, h.createDocument, 'documents', d(true), WRITE),
    r('GET', docs, h.listDocuments, 'documents', d(false)),
    r('GET', doc, h.getDocument, 'documents', d(false)),
    r('PATCH', doc, h.updateDocument, 'documents', d(true), WRITE),
    r('DELETE', doc, h.deleteDocument, 'documents', d(true), DELETE),
  ];
}

export const ROUTES: readonly Route[] = [
  {
    method: 'GET',
    path: '/v1/health/version',
    handler: health.getVersion,
    scope: 'public',
    scopeName: 'public',
    family: 'none',
    projectless: true,
  },
  {
    method: 'GET',
    path: '/v1/health',
    handler: health.getHealth,
    scope: 'key',
    scopeName: 'health.read',
    family: 'none',
  },
  {
    method: 'POST',
    path: '/v1/account',
    handler: account.createAccount,
    scope: 'public',
    scopeName: 'sessions.write',
    family: 'auth',
    abuse: ACCOUNT_CREATE,
    projectless: true,
  },
  {
    method: 'GET',
    path: '/v1/account',
    handler: account.getAccount,
    scope: 'account',
    scopeName: 'account',
    family: 'auth',
    projectless: true,
  },
  {
    method: 'POST',
    path: '/v1/account/sessions/email',
    handler: account.createEmailSession,
    scope: 'public',
    scopeName: 'sessions.write',
    family: 'auth',
    abuse: LOGIN,
    projectless: true,
    login: true,
  },
  {
    // `->alias('/v1/account/sessions')` on the email-session route (account.php @0cefd06); an alias
    // shares the route, so it shares the route's abuse key (`{url}` is the route's own path).
    method: 'POST',
    path: '/v1/account/sessions',
    handler: account.createEmailSession,
    scope: 'public',
    scopeName: 'sessions.write',
    family: 'auth',
    abuse: LOGIN,
    abusePath: '/v1/account/sessions/email',
    projectless: true,
    login: true,
  },
  {
    method: 'GET',
    path: '/v1/account/sessions',
    handler: account.listSessions,
    scope: 'account',
    scopeName: 'account',
    family: 'auth',
    projectless: true,
  },
  {
    method: 'GET',
    path: '/v1/account/sessions/:sessionId',
    handler: account.getSession,
    scope: 'account',
    scopeName: 'account',
    family: 'auth',
    projectless: true,
  },
  {
    method: 'DELETE',
    path: '/v1/account/sessions/:sessionId',
    handler: account.deleteSession,
    scope: 'account',
    scopeName: 'account',
    family: 'auth',
    abuse: LOGOUT,
    projectless: true,
  },
  {
    method: 'POST',
    path: '/v1/users',
    handler: users.createUser,
    scope: 'key',
    scopeName: 'users.write',
    family: 'writes',
  },
  {
    method: 'GET',
    path: '/v1/users',
    handler: users.listUsers,
    scope: 'key',
    scopeName: 'users.read',
    family: 'reads',
  },
  {
    method: 'GET',
    path: '/v1/users/:userId',
    handler: users.getUser,
    scope: 'key',
    scopeName: 'users.read',
    family: 'reads',
  },
  {
    method: 'GET',
    path: '/v1/users/:userId/sessions',
    handler: users.listUserSessions,
    scope: 'key',
    scopeName: 'users.read',
    family: 'reads',
  },
  {
    method: 'DELETE',
    path: '/v1/users/:userId',
    handler: users.deleteUser,
    scope: 'key',
    scopeName: 'users.write',
    family: 'writes',
  },
  ...databaseRoutes('documents'),
  ...databaseRoutes('rows'),
  ...consoleRoutes(),
];

interface Compiled {
  readonly route: Route;
  readonly segments: readonly string[];
}

export interface Match {
  readonly route: Route;
  readonly params: Record<string, string>;
}

/** Segment-by-segment matcher; static segments win over parameters at the same position. */
export class Router {
  readonly #byMethod = new Map<string, Compiled[]>();

  constructor(routes: readonly Route[], dialect: Dialect) {
    for (const route of routes) {
      if (route.available !== undefined && !route.available(dialect)) continue;
      const list = this.#byMethod.get(route.method) ?? [];
      list.push({ route, segments: route.path.split('/').slice(1) });
      this.#byMethod.set(route.method, list);
    }
    for (const list of this.#byMethod.values()) {
      // More static segments first, so `/attributes/string` beats `/attributes/:key`.
      list.sort((a, b) => staticCount(b.segments) - staticCount(a.segments));
    }
  }

  match(method: string, path: string): Match | undefined {
    const list = this.#byMethod.get(method);
    if (list === undefined) return undefined;
    const parts = path.split('/').slice(1);
    if (parts.length > 1 && parts[parts.length - 1] === '') parts.pop();
    outer: for (const { route, segments } of list) {
      if (segments.length !== parts.length) continue;
      const params: Record<string, string> = {};
      for (let i = 0; i < segments.length; i++) {
        const seg = segments[i] as string;
        const part = parts[i] as string;
        if (seg.startsWith(':')) {
          if (part === '') continue outer;
          try {
            params[seg.slice(1)] = decodeURIComponent(part);
          } catch {
            continue outer;
          }
        } else if (seg !== part) continue outer;
      }
      return { route, params };
    }
    return undefined;
  }
}

function staticCount(segments: readonly string[]): number {
  return segments.filter((s) => !s.startsWith(':')).length;
}
