// Session transport as Appwrite carries it (reference appwrite.md §2, §3): the value is base64 of
// `{"id":"<userId>","secret":"<token>"}` (`Auth::encodeSession`), read from the `a_session_<project>`
// cookie (or `_legacy`), else the `X-Fallback-Cookies` request header, else `X-Appwrite-Session` (1.5+)
// (`app/init/resources.php` `user` resource @0cefd06).
import { createHash } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { Dialect } from './dialect.ts';
import type { ProjectStore, SessionRecord, UserRecord } from './store.ts';

export function encodeSession(userId: string, secret: string): string {
  return Buffer.from(JSON.stringify({ id: userId, secret })).toString('base64');
}

// Decoded session values, so a busy client does not pay base64 + JSON.parse on every request. Bounded:
// cleared when full (a cache miss only costs the decode).
const decoded = new Map<string, { id: string; secret: string } | undefined>();
const DECODED_MAX = 10_000;

function decodeSession(value: string): { id: string; secret: string } | undefined {
  if (decoded.has(value)) return decoded.get(value);
  const result = decodeUncached(value);
  if (decoded.size >= DECODED_MAX) decoded.clear();
  decoded.set(value, result);
  return result;
}

function decodeUncached(value: string): { id: string; secret: string } | undefined {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(value, 'base64').toString('utf8'));
    if (typeof parsed !== 'object' || parsed === null) return undefined;
    const { id, secret } = parsed as Record<string, unknown>;
    return typeof id === 'string' && typeof secret === 'string' ? { id, secret } : undefined;
  } catch {
    return undefined;
  }
}

function cookie(header: string | undefined, name: string): string | undefined {
  if (header === undefined) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return undefined;
}

function transported(headers: IncomingHttpHeaders, projectId: string, dialect: Dialect): string | undefined {
  const name = `a_session_${projectId}`;
  const fromCookie = cookie(headers.cookie, name) ?? cookie(headers.cookie, `${name}_legacy`);
  if (fromCookie) return fromCookie;
  const fallback = headers['x-fallback-cookies'];
  if (typeof fallback === 'string' && fallback !== '') {
    try {
      const parsed: unknown = JSON.parse(fallback);
      if (typeof parsed === 'object' && parsed !== null) {
        const value = (parsed as Record<string, unknown>)[name];
        if (typeof value === 'string' && value !== '') return value;
      }
    } catch {
      // An unparsable fallback header is ignored, as PHP's json_decode returning null would be.
    }
  }
  const header = headers['x-appwrite-session'];
  if (dialect.sessionHeader && typeof header === 'string' && header !== '') return header;
  return undefined;
}

/** The signed-in user and session of a request, or undefined for a guest (invalid sessions = guest). */
export function resolveSession(
  headers: IncomingHttpHeaders,
  projectId: string,
  store: ProjectStore,
  dialect: Dialect,
  now: number,
): { user: UserRecord; session: SessionRecord } | undefined {
  const raw = transported(headers, projectId, dialect);
  if (raw === undefined) return undefined;
  const value = decodeSession(raw);
  if (value === undefined) return undefined;
  const user = store.users.get(value.id);
  if (user === undefined) return undefined;
  for (const session of user.sessions) {
    if (session.secret === value.secret && session.expire > now) return { user, session };
  }
  return undefined;
}

export function hashPassword(password: string, salt: string): string {
  // Appwrite hashes with argon2; a fast hash keeps the emulator's cost out of benchmark numbers.
  return createHash('sha256').update(salt).update(password).digest('hex');
}
