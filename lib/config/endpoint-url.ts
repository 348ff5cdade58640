// Endpoint URL checks without the URL global (k6 may lack it: ../shared/reference/k6.md §5). Pure.

export interface EndpointParts {
  scheme: 'http' | 'https';
  /** Host name without port or brackets, lower case: `localhost`, `127.0.0.1`, `::1`. */
  hostname: string;
  /** `host[:port]` as written, without user info. */
  host: string;
  /** Path without trailing slashes, e.g. `/v1` (may be empty). */
  path: string;
  hasCredentials: boolean;
}

const ENDPOINT_PATTERN =
  /^(https?):\/\/(?:([^@/\s?#]*)@)?(\[[0-9A-Fa-f:.]+\]|[^\s/:?#@[\]]+)(:\d{1,5})?(\/[^\s?#]*)?$/;

/** `null` when `text` is not an http(s) URL without query or fragment. */
export function parseEndpoint(text: string): EndpointParts | null {
  const match = ENDPOINT_PATTERN.exec(text);
  if (!match) return null;
  const [, scheme, userInfo, rawHost = '', port = '', rawPath = ''] = match;
  const hostname = rawHost.replace(/^\[|\]$/g, '').toLowerCase();
  return {
    scheme: scheme === 'https' ? 'https' : 'http',
    hostname,
    host: `${rawHost.toLowerCase()}${port}`,
    path: rawPath.replace(/\/+$/, ''),
    hasCredentials: userInfo !== undefined,
  };
}

/**
 * Loopback per RFC 6761 (`localhost`, `*.localhost`), RFC 1122 (127.0.0.0/8) and RFC 4291 (`::1`),
 * including the IPv4-mapped form `::ffff:127.x.y.z`.
 */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase();
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  const v4 = /^(?:::ffff:)?(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(host);
  if (v4) return v4.slice(1).every((octet) => Number(octet) <= 255) && v4[1] === '127';
  return /^(?:0{0,4}:){2,7}0{0,3}1$/.test(host) || host === '::1';
}

/** Host and path for reports, never user info: `localhost:8080/v1`. */
export function endpointHostOf(parts: EndpointParts): string {
  return `${parts.host}${parts.path}`;
}
