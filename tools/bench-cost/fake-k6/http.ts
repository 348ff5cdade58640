// `k6/http` stand-in answering from canned responses: no server, no network. The response object has the
// fields a k6 response has, built the same way for every variant, so its cost is common to all of them.
import { state } from './state.ts';

class CookieJar {
  set(): void {}
  cookiesForURL(): Record<string, string[]> {
    return {};
  }
}

const TIMINGS = {
  duration: 1,
  blocked: 0,
  connecting: 0,
  tls_handshaking: 0,
  sending: 0,
  waiting: 1,
  receiving: 0,
};

function request(method: string, url: string, body?: string | null, params?: Record<string, unknown>) {
  state.requests++;
  state.samples += 9; // http_reqs, http_req_duration and the other timings, as k6 emits them
  if (state.seen) {
    const tags = params?.tags as Record<string, string> | undefined;
    state.seen.add(`request ${method} name=${tags?.name ?? ''}`);
  }
  const canned = state.responder(method, url, body ?? null);
  return {
    status: canned.status,
    body: params?.responseType === 'none' ? null : canned.body,
    headers: canned.headers,
    url,
    proto: 'HTTP/1.1',
    error: '',
    error_code: 0,
    timings: TIMINGS,
    cookies: {},
    request: { method, url, body: body ?? '', headers: params?.headers ?? {}, cookies: {} },
  };
}

const get = (url: string, params?: Record<string, unknown>) => request('GET', url, null, params);
const post = (url: string, body?: string | null, params?: Record<string, unknown>) =>
  request('POST', url, body, params);
const del = (url: string, body?: string | null, params?: Record<string, unknown>) =>
  request('DELETE', url, body, params);

function expectedStatuses(...statuses: unknown[]) {
  return { statuses };
}

function batch(requests: unknown[]): unknown[] {
  return requests.map((r) => {
    const [method, url, body, params] = r as [string, string, string | null, Record<string, unknown>];
    return request(method, url, body, params);
  });
}

const http = { request, get, post, del, batch, expectedStatuses, CookieJar };

export { batch, CookieJar, del, expectedStatuses, get, post, request };
export default http;
