// Account routes (reference appwrite.md §3; `app/controllers/api/account.php` @0cefd06).
import { randomBytes } from 'node:crypto';
import { type Context, type Handler, json, type Reply } from '../context.ts';
import { AppwriteError } from '../errors.ts';
import * as m from '../messages-1.9.ts';
import { sessionModel, userModel } from '../models.ts';
import * as p from '../params.ts';
import { encodeSession, hashPassword } from '../sessions.ts';
import { type ProjectStore, type SessionRecord, sessionSecret, type UserRecord, uniqueId } from '../store.ts';

/** `APP_LIMIT_USER_SESSIONS_DEFAULT` (1.2+, `auths.maxSessions`): older sessions beyond it are deleted. */
export const MAX_SESSIONS_PER_USER = 10;

/**
 * Appwrite's session cap, as its `session`-group shutdown hook runs it (appwrite/appwrite
 * `app/controllers/shared/api.php`, "Limit user session"; the same logic in every version looked at,
 * from the `App::shutdown()` of the 1.4-1.6 line to the `Http::shutdown()` of the 1.8/1.9 line; a later
 * master makes the default "no cap", `maxSessions ?? 0`): read the user again (the login purged its
 * cached document and inserted the session, so the count includes it), and if it holds more than the
 * limit delete `count - limit` of the oldest. A shutdown hook runs after the action, and the action has
 * already sent the 201 (`Response::dynamic()` -> `json()` -> `send()`, `src/Appwrite/Utopia/Response.php`):
 * until the hook has run the user has limit + 1 sessions and the oldest still authenticates. So 13
 * sequential logins end with the 10 newest, and a count taken right after a login's answer can show 11.
 * Appwrite's own e2e test of the limit (`tests/e2e/Services/Projects/ProjectsConsoleClientTest.php`,
 * `testUpdateProjectAuthSessionsLimit`) waits for that: `sleep(5); // fixes flaky tests.` and then lists
 * the sessions with `assertEventually`. The emulator trims the same way, after the reply is written.
 */
export function trimSessionsAfterReply(store: ProjectStore, user: UserRecord): void {
  setImmediate(() => {
    // The hook reads the user afresh: a user deleted meanwhile has nothing left to trim.
    if (store.users.get(user.id) !== user) return;
    const excess = user.sessions.length - MAX_SESSIONS_PER_USER;
    for (const oldest of user.sessions.slice(0, Math.max(0, excess))) store.deleteSession(user, oldest);
  });
}
/** `Auth::TOKEN_EXPIRATION_LOGIN_LONG`: one year. */
const SESSION_LIFETIME_MS = 365 * 24 * 3600 * 1000;

export function createUserRecord(
  store: ProjectStore,
  now: number,
  id: string,
  email: string | undefined,
  password: string | undefined,
  name: string | undefined,
): UserRecord {
  if (store.users.has(id) || (email !== undefined && store.usersByEmail.has(email))) {
    throw new AppwriteError('user_already_exists');
  }
  const salt = randomBytes(8).toString('hex');
  const user: UserRecord = {
    id,
    createdAt: now,
    updatedAt: now,
    accessedAt: now,
    name: name ?? '',
    email: email ?? '',
    passwordHash: password === undefined ? '' : hashPassword(password, salt),
    salt,
    targetId: uniqueId(),
    sessions: [],
  };
  store.users.set(id, user);
  if (email !== undefined) store.usersByEmail.set(email, user);
  return user;
}

/** A new password: 1.9.0 words the rule differently for sign-up and `/v1/users` (account.jsonl seq 4). */
export function passwordOf(ctx: Context, required: boolean): string | undefined {
  return m.is19(ctx.settings.dialect)
    ? p.password(ctx.body, 'password', required, m.NEW_PASSWORD)
    : p.password(ctx.body, 'password', required);
}

export const createAccount: Handler = (ctx) => {
  const id = p.customId(ctx.body, 'userId');
  const email = p.email(ctx.body, 'email');
  const password = passwordOf(ctx, true);
  const name = p.text(ctx.body, 'name', 128, false);
  const user = createUserRecord(ctx.store, ctx.settings.clock(), id, email, password, name);
  return json(201, userModel(user, ctx.settings.dialect));
};

export const getAccount: Handler = (ctx) => {
  if (ctx.caller.kind !== 'user') throw new AppwriteError('user_unauthorized');
  return json(200, userModel(ctx.caller.user, ctx.settings.dialect));
};

function cookieHeaders(ctx: Context, value: string, expire: number): string[] {
  const name = `a_session_${ctx.projectId}`;
  const expires = new Date(expire).toUTCString();
  // No `Secure` over plain HTTP, as Appwrite sets it only when the protocol is https (`account.php`).
  return [
    `${name}_legacy=${value}; expires=${expires}; path=/; httponly`,
    `${name}=${value}; expires=${expires}; path=/; httponly; samesite=None`,
  ];
}

export const createEmailSession: Handler = (ctx) => {
  const email = p.email(ctx.body, 'email');
  const password = p.password(ctx.body, 'password');
  const user = email === undefined ? undefined : ctx.store.usersByEmail.get(email);
  if (
    user === undefined ||
    password === undefined ||
    user.passwordHash === '' ||
    hashPassword(password, user.salt) !== user.passwordHash
  ) {
    throw new AppwriteError('user_invalid_credentials');
  }
  const now = ctx.settings.clock();
  const secret = sessionSecret();
  const session: SessionRecord = {
    id: uniqueId(),
    userId: user.id,
    secret,
    createdAt: now,
    expire: now + SESSION_LIFETIME_MS,
    ip: ctx.ip,
    email: user.email,
  };
  user.sessions.push(session);
  ctx.store.sessionsById.set(session.id, session);
  user.accessedAt = now;
  trimSessionsAfterReply(ctx.store, user);
  const value = encodeSession(user.id, secret);
  const headers: Record<string, string | string[]> = {
    'set-cookie': cookieHeaders(ctx, value, session.expire),
  };
  if (!ctx.hasOrigin)
    headers['x-fallback-cookies'] = JSON.stringify({ [`a_session_${ctx.projectId}`]: value });
  const reply: Reply = {
    status: 201,
    body: sessionModel(session, true, ctx.caller.kind === 'key' ? value : ''),
    headers,
  };
  return reply;
};

/**
 * `GET /v1/account/sessions`: the caller's sessions in creation order (the user's `sessions` attribute,
 * a subquery ordered by insertion), `{total, sessions}`; `current` marks the caller's own, `secret` blank.
 */
export const listSessions: Handler = (ctx) => {
  if (ctx.caller.kind !== 'user') throw new AppwriteError('user_unauthorized');
  const { user, session } = ctx.caller;
  const sessions = user.sessions.map((s) => sessionModel(s, s === session, ''));
  return json(200, { total: sessions.length, sessions });
};

/** `GET /v1/account/sessions/{sessionId}`; `current` is the caller's own session. */
export const getSession: Handler = (ctx) => {
  if (ctx.caller.kind !== 'user') throw new AppwriteError('user_unauthorized');
  const { user, session } = ctx.caller;
  const id = ctx.path.sessionId ?? '';
  const target = id === 'current' ? session : user.sessions.find((s) => s.id === id);
  if (target === undefined) throw new AppwriteError('user_session_not_found');
  return json(200, sessionModel(target, target === session, ''));
};

export const deleteSession: Handler = (ctx) => {
  if (ctx.caller.kind !== 'user') throw new AppwriteError('user_unauthorized');
  const { user } = ctx.caller;
  const id = ctx.path.sessionId ?? '';
  const target = id === 'current' ? ctx.caller.session : user.sessions.find((s) => s.id === id);
  if (target === undefined) throw new AppwriteError('user_session_not_found');
  ctx.store.deleteSession(user, target);
  const headers: Record<string, string | string[]> = {};
  if (target === ctx.caller.session) {
    headers['set-cookie'] = cookieHeaders(ctx, '', 0);
    if (!ctx.hasOrigin) headers['x-fallback-cookies'] = '[]';
  }
  return { status: 204, headers };
};
