// Request headers and case-insensitive response header lookup. Pure.
// k6 canonicalises response header names the Go way (`X-Ratelimit-Remaining`), so never index by exact case.

export type Headers = Record<string, string>;

export function headerValue(headers: Record<string, string> | undefined, name: string): string | undefined {
  if (!headers) return undefined;
  // Callers pass the name as k6 spells it, so the scan below runs only for a header that is absent.
  const exact = headers[name];
  if (typeof exact === 'string') return exact;
  const wanted = name.toLowerCase();
  for (const key of Object.keys(headers)) {
    if (key.toLowerCase() === wanted) return headers[key];
  }
  return undefined;
}

/** Headers of every request: JSON body and the project (appwrite.md §2: without it 1.x falls back to console). */
export function projectHeaders(projectId: string): Headers {
  return { 'Content-Type': 'application/json', 'X-Appwrite-Project': projectId };
}

/** Server mode for provisioning and cleanup only: key callers bypass abuse control (appwrite.md §10.5). */
export function keyHeaders(projectId: string, apiKey: string): Headers {
  return { ...projectHeaders(projectId), 'X-Appwrite-Key': apiKey };
}

/**
 * A signed-in client. `X-Fallback-Cookies` is the one session transport every version accepts
 * (appwrite.md §2); it is read when no cookie session is present, which is why the scenarios keep
 * k6's cookie jar empty. `clientAddress` goes into `X-Forwarded-For`, the client IP for abuse keys (§10.6).
 */
export function clientHeaders(
  projectId: string,
  session: string | null,
  clientAddress: string | null,
): Headers {
  const headers = projectHeaders(projectId);
  if (session !== null) headers['X-Fallback-Cookies'] = fallbackCookies(projectId, session);
  if (clientAddress !== null) headers['X-Forwarded-For'] = clientAddress;
  return headers;
}

export function sessionCookieName(projectId: string): string {
  return `a_session_${projectId}`;
}

/** `{"a_session_<project>":"<value>"}`, as the SDKs send it. */
export function fallbackCookies(projectId: string, session: string): string {
  return JSON.stringify({ [sessionCookieName(projectId)]: session });
}
