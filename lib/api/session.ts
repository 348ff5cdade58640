// Reads the session a login returned. Pure.
// Client callers get a blank `secret` in the body (appwrite.md §3 gotcha 2); the token comes in the
// `X-Fallback-Cookies` response header (sent when the request has no same-site Origin, always true for k6)
// or in `Set-Cookie: a_session_<project>=<value>`.
import { sessionCookieName } from './headers.ts';

const COOKIE_VALUE = /^[A-Za-z0-9+/=_%.-]+$/;

function fromFallbackHeader(projectId: string, header: string | undefined): string | null {
  if (!header) return null;
  try {
    const parsed = JSON.parse(header) as unknown;
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return null;
    const value = (parsed as Record<string, unknown>)[sessionCookieName(projectId)];
    return typeof value === 'string' && COOKIE_VALUE.test(value) ? value : null;
  } catch {
    return null;
  }
}

function fromSetCookie(projectId: string, header: string | undefined): string | null {
  if (!header) return null;
  // k6 joins repeated headers with ", "; Expires dates contain commas too, but cookie values cannot.
  const name = sessionCookieName(projectId).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const match = new RegExp(`(?:^|[,;\\s])${name}=([^;,\\s]+)`).exec(header);
  const value = match?.[1];
  return value && COOKIE_VALUE.test(value) && value !== 'deleted' ? value : null;
}

/** The session value from a login response's headers, or `null` when it carries none. */
export function sessionFromHeaders(
  projectId: string,
  fallbackCookiesHeader: string | undefined,
  setCookieHeader: string | undefined,
): string | null {
  return fromFallbackHeader(projectId, fallbackCookiesHeader) ?? fromSetCookie(projectId, setCookieHeader);
}
