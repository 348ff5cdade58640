// A per-VU cookie jar with the behaviour of k6's `http.CookieJar` (grafana/k6 js/modules/k6/http/
// cookiejar.go): cookies from Set-Cookie are kept per domain and path, sent back on matching requests,
// `cookiesForURL` returns {name: [values]}, `clear(url)` drops a URL's cookies, `delete(url, name)` one.

interface StoredCookie {
  name: string;
  value: string;
  domain: string;
  hostOnly: boolean;
  path: string;
  secure: boolean;
  httpOnly: boolean;
  expires: number | undefined; // epoch ms
}

export interface ResponseCookie {
  name: string;
  value: string;
  domain: string;
  path: string;
  http_only: boolean;
  secure: boolean;
  max_age: number;
  expires: number;
}

function defaultPath(url: URL): string {
  const path = url.pathname;
  if (!path.startsWith('/') || path.lastIndexOf('/') === 0) return '/';
  return path.slice(0, path.lastIndexOf('/'));
}

/** Parses one Set-Cookie header value (RFC 6265 §5.2). */
export function parseSetCookie(
  header: string,
  url: URL,
): { stored: StoredCookie; response: ResponseCookie } | undefined {
  const [pair = '', ...attributes] = header.split(';');
  const eq = pair.indexOf('=');
  if (eq < 1) return undefined;
  const stored: StoredCookie = {
    name: pair.slice(0, eq).trim(),
    value: pair.slice(eq + 1).trim(),
    domain: url.hostname,
    hostOnly: true,
    path: defaultPath(url),
    secure: false,
    httpOnly: false,
    expires: undefined,
  };
  let maxAge = 0;
  let expiresAt = 0;
  for (const attribute of attributes) {
    const i = attribute.indexOf('=');
    const key = (i < 0 ? attribute : attribute.slice(0, i)).trim().toLowerCase();
    const value = i < 0 ? '' : attribute.slice(i + 1).trim();
    if (key === 'domain' && value) {
      stored.domain = value.replace(/^\./, '').toLowerCase();
      stored.hostOnly = false;
    } else if (key === 'path' && value.startsWith('/')) stored.path = value;
    else if (key === 'secure') stored.secure = true;
    else if (key === 'httponly') stored.httpOnly = true;
    else if (key === 'max-age' && /^-?\d+$/.test(value)) {
      maxAge = Number(value);
      stored.expires = maxAge <= 0 ? 0 : Date.now() + maxAge * 1000;
    } else if (key === 'expires' && stored.expires === undefined) {
      const t = Date.parse(value);
      if (!Number.isNaN(t)) {
        stored.expires = t;
        expiresAt = t;
      }
    }
  }
  const response: ResponseCookie = {
    name: stored.name,
    value: stored.value,
    domain: stored.hostOnly ? '' : stored.domain,
    path: stored.path,
    http_only: stored.httpOnly,
    secure: stored.secure,
    max_age: maxAge,
    expires: expiresAt,
  };
  return { stored, response };
}

function domainMatches(cookie: StoredCookie, host: string): boolean {
  if (cookie.hostOnly) return host === cookie.domain;
  return host === cookie.domain || host.endsWith(`.${cookie.domain}`);
}

function pathMatches(cookiePath: string, requestPath: string): boolean {
  if (requestPath === cookiePath) return true;
  if (!requestPath.startsWith(cookiePath)) return false;
  return cookiePath.endsWith('/') || requestPath[cookiePath.length] === '/';
}

export class CookieStore {
  private cookies: StoredCookie[] = [];

  store(cookie: StoredCookie): void {
    this.cookies = this.cookies.filter(
      (c) => !(c.name === cookie.name && c.domain === cookie.domain && c.path === cookie.path),
    );
    if (cookie.expires === undefined || cookie.expires > Date.now()) this.cookies.push(cookie);
  }

  forUrl(url: URL): StoredCookie[] {
    const now = Date.now();
    this.cookies = this.cookies.filter((c) => c.expires === undefined || c.expires > now);
    return this.cookies
      .filter((c) => domainMatches(c, url.hostname) && pathMatches(c.path, url.pathname || '/'))
      .filter((c) => !c.secure || url.protocol === 'https:')
      .sort((a, b) => b.path.length - a.path.length);
  }

  set(url: URL, name: string, value: string, options: Record<string, unknown>): void {
    const domain = typeof options.domain === 'string' ? options.domain.replace(/^\./, '') : url.hostname;
    let expires: number | undefined;
    if (typeof options.max_age === 'number')
      expires = options.max_age <= 0 ? 0 : Date.now() + options.max_age * 1000;
    else if (typeof options.expires === 'string') expires = Date.parse(options.expires);
    this.store({
      name,
      value,
      domain,
      hostOnly: typeof options.domain !== 'string',
      path: typeof options.path === 'string' ? options.path : '/',
      secure: options.secure === true,
      httpOnly: options.http_only === true,
      expires,
    });
  }

  clear(url: URL): void {
    const matching = new Set(this.forUrl(url));
    this.cookies = this.cookies.filter((c) => !matching.has(c));
  }

  delete(url: URL, name: string): void {
    const matching = new Set(this.forUrl(url).filter((c) => c.name === name));
    this.cookies = this.cookies.filter((c) => !matching.has(c));
  }

  clearAll(): void {
    this.cookies = [];
  }
}
