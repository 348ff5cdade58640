// `k6/http` for a VU thread: synchronous requests (the VU blocks on Atomics.wait while the coordinator
// does the I/O), per-VU cookie jars, expected statuses, response callbacks and k6's HTTP metrics
// (grafana/k6 js/modules/k6/http; docs javascript-api/k6-http; ../shared/reference/k6.md §2).
import { receiveMessageOnPort } from 'node:worker_threads';
import { CookieStore, parseSetCookie, type ResponseCookie } from './cookie-jar.ts';
import { parseDuration } from './durations.ts';
import type { Tags } from './metrics.ts';
import {
  type HttpRequestMessage,
  type HttpResponseMessage,
  SLOT_INTERRUPT,
  SLOT_RESPONSE,
} from './protocol.ts';
import { IterationInterrupted, post, type VuState } from './vu-state.ts';

/**
 * A failed request as k6 words it (grafana/k6 lib/netext/httpext/error_codes.go `errorCodeForError`):
 * `res.error` and the `error` tag get k6's short text (`dial: connection refused`, `request timeout`);
 * the "Request Failed" warning and `throw` get Go's *url.Error text (`Get "…": dial tcp …`).
 * `raw.error` arrives worded as Go's net package (http-io.ts).
 */
function networkError(
  method: string,
  url: string,
  raw: { error: string; errorCode: number },
): { k6Message: string; goText: string } {
  const k6Messages: Record<number, string> = {
    1050: 'request timeout',
    1101: 'lookup: no such host',
    1201: 'write: broken pipe',
    1211: 'dial: i/o timeout',
    1212: 'dial: connection refused',
    1220: 'read: connection reset by peer',
  };
  // net/http's url.Error names the method as `Get`, `Post`, … (urlErrorOp).
  const op = method.charAt(0) + method.slice(1).toLowerCase();
  return { k6Message: k6Messages[raw.errorCode] ?? raw.error, goText: `${op} "${url}": ${raw.error}` };
}

/** The opaque value `http.expectedStatuses()` returns. */
export class ExpectedStatuses {
  readonly ranges: { min: number; max: number }[];
  constructor(ranges: { min: number; max: number }[]) {
    this.ranges = ranges;
  }
  matches(status: number): boolean {
    return this.ranges.some((r) => status >= r.min && status <= r.max);
  }
}

const DEFAULT_EXPECTED = new ExpectedStatuses([{ min: 200, max: 399 }]);
const USER_AGENT = 'k6/2.2.0 (https://k6.io/)';
let nextRequestId = 1;

class CookieJar {
  readonly store: CookieStore;
  constructor(store = new CookieStore()) {
    this.store = store;
  }
  cookiesForURL(url: string): Record<string, string[]> {
    const result: Record<string, string[]> = {};
    for (const c of this.store.forUrl(new URL(url))) {
      const list = result[c.name] ?? [];
      list.push(c.value);
      result[c.name] = list;
    }
    return result;
  }
  set(url: string, name: string, value: string, options?: Record<string, unknown>): void {
    this.store.set(new URL(url), name, value, options ?? {});
  }
  clear(url: string): void {
    this.store.clear(new URL(url));
  }
  delete(url: string, name: string): void {
    this.store.delete(new URL(url), name);
  }
}

interface Params {
  headers?: Record<string, unknown>;
  tags?: Record<string, unknown>;
  cookies?: Record<string, unknown>;
  jar?: CookieJar | null;
  responseType?: 'text' | 'binary' | 'none';
  timeout?: string | number;
  redirects?: number;
  responseCallback?: unknown;
}

function encodeBody(body: unknown, headers: Map<string, [string, string]>): Uint8Array | undefined {
  if (body === undefined || body === null) return undefined;
  if (typeof body === 'string') return new TextEncoder().encode(body);
  if (body instanceof ArrayBuffer || Object.prototype.toString.call(body) === '[object ArrayBuffer]') {
    return new Uint8Array(body as ArrayBuffer);
  }
  if (ArrayBuffer.isView(body)) return new Uint8Array(body.buffer, body.byteOffset, body.byteLength);
  if (typeof body === 'object') {
    // k6 form-encodes plain objects (docs k6-http/post: "object ... will be form-urlencoded").
    if (!headers.has('content-type'))
      headers.set('content-type', ['Content-Type', 'application/x-www-form-urlencoded']);
    const form = new URLSearchParams();
    for (const [k, v] of Object.entries(body as Record<string, unknown>)) form.append(k, String(v));
    return new TextEncoder().encode(form.toString());
  }
  return new TextEncoder().encode(String(body));
}

function headerObject(pairs: [string, string][]): Record<string, string> {
  // k6 canonicalises header names (Go's textproto.CanonicalMIMEHeaderKey) and joins repeats with ", ".
  const result: Record<string, string> = {};
  for (const [name, value] of pairs) {
    const canonical = name
      .toLowerCase()
      .replace(/(^|-)([a-z])/g, (_, dash: string, c: string) => dash + c.toUpperCase());
    result[canonical] = canonical in result ? `${result[canonical]}, ${value}` : value;
  }
  return result;
}

/** The URL as the script wrote it, credentials masked (grafana/k6 lib/netext/httpext/url.go `Clean`). */
function cleanUrl(text: string, url: URL): string {
  if (!url.username && !url.password) return text;
  const scheme = url.protocol.length + 2; // "http:" + "//"
  const rest = text.slice(text.indexOf('@', scheme));
  return `${text.slice(0, scheme)}${url.password ? '****:****' : '****'}${rest}`;
}

/** A request as it goes to the coordinator (the id is added when it is sent). */
type WireRequest = Omit<HttpRequestMessage, 'type' | 'id'>;

/** k6's defaults for options `batch` and `batchPerHost` (`k6 run --help`: "default 20", "default 6"). */
const DEFAULT_BATCH = 20;
const DEFAULT_BATCH_PER_HOST = 6;

interface InFlight {
  /** host:port of the URL as given, the key of k6's per-host limit. */
  readonly host: string;
  next(): WireRequest;
  settle(raw: HttpResponseMessage): unknown;
}

export function createHttpModule(vu: VuState, contextJson: JSON) {
  /** A whole option value ≥ 0, else k6's default; 0 for batchPerHost means no per-host limit. */
  const limitOption = (name: 'batch' | 'batchPerHost', fallback: number): number => {
    const value = vu.options[name];
    return typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : fallback;
  };
  // k6's transport keeps MaxIdleConnsPerHost = batchPerHost idle connections (grafana/k6 js/runner.go
  // newVU); Go's default of 2 applies when it is 0.
  const idlePerHost = () => limitOption('batchPerHost', DEFAULT_BATCH_PER_HOST) || 2;
  /** Responses that arrived while the VU waited for another of its requests (http.batch). */
  const arrived = new Map<number, HttpResponseMessage>();

  const send = (message: WireRequest): number => {
    const id = nextRequestId++;
    vu.flush();
    post({ type: 'http', id, ...message });
    return id;
  };

  /**
   * Blocks until one of `wanted` has its response and returns it. Responses for ids not wanted (left
   * over from an interrupted iteration) are dropped.
   */
  const receive = (wanted: ReadonlySet<number>): HttpResponseMessage => {
    for (;;) {
      // Clear the flag before draining: the coordinator posts first and sets the flag after, so a
      // response posted after this drain always wakes the wait below.
      Atomics.store(vu.control, SLOT_RESPONSE, 0);
      for (
        let received = receiveMessageOnPort(vu.syncPort);
        received;
        received = receiveMessageOnPort(vu.syncPort)
      ) {
        const response = received.message as HttpResponseMessage;
        if (wanted.has(response.id)) arrived.set(response.id, response);
      }
      for (const [id, response] of arrived) {
        arrived.delete(id);
        if (wanted.has(id)) return response;
      }
      if (Atomics.load(vu.control, SLOT_INTERRUPT) !== 0)
        throw new IterationInterrupted('iteration interrupted');
      Atomics.wait(vu.control, SLOT_RESPONSE, 0, 1000);
    }
  };

  /**
   * One request in progress: `next()` gives the message to send (again after a redirect); `settle()`
   * takes its response (cookies, metrics) and returns the k6 Response, or undefined when a redirect is
   * to be followed with `next()`.
   */
  function begin(method: string, urlArg: unknown, body?: unknown, paramsArg?: unknown): InFlight {
    const params = (paramsArg ?? {}) as Params;
    const template =
      urlArg && typeof urlArg === 'object' && 'url' in urlArg
        ? (urlArg as { url: string; name: string })
        : undefined;
    const urlText = template ? template.url : String(urlArg);
    let url: URL;
    try {
      url = new URL(urlText);
    } catch {
      throw new Error(`invalid URL "${urlText}": k6 needs an absolute http(s) URL`);
    }
    const headers = new Map<string, [string, string]>();
    // Option `userAgent` replaces k6's default; an empty string sends none (docs k6-options "User agent").
    const userAgent = typeof vu.options.userAgent === 'string' ? vu.options.userAgent : USER_AGENT;
    if (userAgent !== '') headers.set('user-agent', ['User-Agent', userAgent]);
    for (const [name, value] of Object.entries(params.headers ?? {}))
      headers.set(name.toLowerCase(), [name, String(value)]);
    const bodyBytes = encodeBody(body, headers);
    const jar = params.jar === undefined ? vu.defaultJar : params.jar === null ? undefined : params.jar.store;
    const callback = params.responseCallback !== undefined ? params.responseCallback : vu.responseCallback;
    const expected =
      callback === 'default' ? DEFAULT_EXPECTED : callback instanceof ExpectedStatuses ? callback : undefined;
    const userTags: Tags = {};
    for (const [k, v] of Object.entries(params.tags ?? {})) userTags[k] = String(v);
    const timeoutMs = params.timeout === undefined ? 60_000 : parseDuration(params.timeout, 'params.timeout');
    const responseType = params.responseType ?? (vu.options.discardResponseBodies === true ? 'none' : 'text');
    const maxRedirects =
      params.redirects ?? (typeof vu.options.maxRedirects === 'number' ? vu.options.maxRedirects : 10);

    let currentMethod = method.toUpperCase();
    let currentBody = bodyBytes;
    let redirects = 0;
    const responseCookies: Record<string, ResponseCookie[]> = {};
    const next = (): WireRequest => {
      const cookieParts: string[] = [];
      const paramCookies = params.cookies ?? {};
      const replaced = new Set<string>();
      for (const [name, value] of Object.entries(paramCookies)) {
        const v =
          value && typeof value === 'object' ? (value as { value?: unknown; replace?: unknown }) : { value };
        if (v.replace === true) replaced.add(name);
      }
      // params.cookies go before the jar's (corpus cookies: `extra=e1; sid=…`, `sid=added; sid=…`).
      for (const [name, value] of Object.entries(paramCookies)) {
        const v = value && typeof value === 'object' ? (value as { value?: unknown }).value : value;
        cookieParts.push(`${name}=${String(v)}`);
      }
      if (jar)
        for (const c of jar.forUrl(url)) if (!replaced.has(c.name)) cookieParts.push(`${c.name}=${c.value}`);
      const sendHeaders = [...headers.values()];
      if (cookieParts.length > 0 && !headers.has('cookie'))
        sendHeaders.push(['Cookie', cookieParts.join('; ')]);
      return {
        method: currentMethod,
        url: url.href,
        headers: sendHeaders,
        body: currentBody,
        timeoutMs,
        maxIdlePerHost: idlePerHost(),
      };
    };
    const settle = (raw: HttpResponseMessage) => {
      const goError = raw.error && raw.status === 0 ? networkError(currentMethod, url.href, raw) : undefined;
      if (goError) {
        raw.error = goError.k6Message;
        vu.log('warn', 'Request Failed', 'console', ` error=${JSON.stringify(goError.goText)}`);
      }
      for (const [name, value] of raw.headers) {
        if (name.toLowerCase() !== 'set-cookie') continue;
        const parsed = parseSetCookie(value, url);
        if (!parsed) continue;
        jar?.store(parsed.stored);
        const list = responseCookies[parsed.response.name] ?? [];
        list.push(parsed.response);
        responseCookies[parsed.response.name] = list;
      }
      // Tag rules of grafana/k6 lib/netext/httpext/transport.go `measureAndEmitMetrics`: `name` and
      // `url` are the URL without credentials, unless a name was set (tags.name or http.url), which
      // then becomes the `url` tag too; `proto` only with a response; `error` only for network errors;
      // `error_code` also for statuses >= 400 (1000 + status).
      const tags: Tags = { ...vu.baseTags(), ...userTags, method: currentMethod, status: String(raw.status) };
      const name = userTags.name ?? template?.name ?? cleanUrl(redirects === 0 ? urlText : url.href, url);
      tags.name = name;
      tags.url = name;
      if (raw.proto) tags.proto = raw.proto;
      if (raw.errorCode) tags.error_code = String(raw.errorCode);
      if (raw.error) tags.error = raw.error;
      if (expected) tags.expected_response = String(expected.matches(raw.status));
      const t = raw.timings;
      const duration = t.sending + t.waiting + t.receiving;
      vu.emit('http_reqs', 'counter', 'default', 1, tags);
      vu.emit('http_req_duration', 'trend', 'time', duration, tags);
      vu.emit('http_req_blocked', 'trend', 'time', t.blocked, tags);
      vu.emit('http_req_connecting', 'trend', 'time', t.connecting, tags);
      vu.emit('http_req_tls_handshaking', 'trend', 'time', t.tls_handshaking, tags);
      vu.emit('http_req_sending', 'trend', 'time', t.sending, tags);
      vu.emit('http_req_waiting', 'trend', 'time', t.waiting, tags);
      vu.emit('http_req_receiving', 'trend', 'time', t.receiving, tags);
      if (expected) vu.emit('http_req_failed', 'rate', 'default', expected.matches(raw.status) ? 0 : 1, tags);
      const dataTags = vu.baseTags();
      vu.emit('data_sent', 'counter', 'data', raw.bytesSent, dataTags);
      vu.emit('data_received', 'counter', 'data', raw.bytesReceived, dataTags);

      // Option `throw`: network errors become exceptions instead of status-0 responses.
      if (goError && vu.options.throw === true) throw new Error(goError.goText);
      const location = raw.headers.find(([n]) => n.toLowerCase() === 'location')?.[1];
      if ([301, 302, 303, 307, 308].includes(raw.status) && location && redirects < maxRedirects) {
        redirects++;
        url = new URL(location, url);
        if (raw.status === 303 || ((raw.status === 301 || raw.status === 302) && currentMethod === 'POST')) {
          currentMethod = currentMethod === 'HEAD' ? 'HEAD' : 'GET';
          currentBody = undefined;
        }
        return undefined;
      }
      return makeResponse(raw, currentMethod, url.href, responseType, responseCookies, {
        ...t,
        duration,
      });
    };
    return { host: url.host, next, settle };
  }

  function request(method: string, urlArg: unknown, body?: unknown, paramsArg?: unknown) {
    const inFlight = begin(method, urlArg, body, paramsArg);
    for (;;) {
      const id = send(inFlight.next());
      const response = inFlight.settle(receive(new Set([id])));
      if (response !== undefined) return response;
    }
  }

  function makeResponse(
    raw: HttpResponseMessage,
    method: string,
    url: string,
    responseType: string,
    cookies: Record<string, ResponseCookie[]>,
    timings: Record<string, number>,
  ) {
    const text = new TextDecoder().decode(raw.body);
    let body: string | ArrayBuffer | null;
    if (responseType === 'none') body = null;
    else if (responseType === 'binary') body = raw.body.slice().buffer;
    else body = raw.status === 0 && raw.body.length === 0 ? null : text;
    return {
      status: raw.status,
      status_text: raw.statusText,
      proto: raw.proto,
      url,
      headers: headerObject(raw.headers),
      body,
      cookies,
      timings,
      error: raw.error,
      error_code: raw.errorCode,
      remote_ip: raw.remoteIp,
      remote_port: raw.remotePort,
      tls_version: '',
      tls_cipher_suite: '',
      ocsp: {},
      request: { method, url, headers: {}, body: '', cookies: {} },
      json(selector?: string): unknown {
        if (typeof body !== 'string') throw new Error('cannot parse a response without a text body as JSON');
        const parsed = contextJson.parse(body) as unknown;
        if (selector === undefined) return parsed;
        // A small subset of k6's gjson selectors: dot-separated keys and array indexes.
        let value: unknown = parsed;
        for (const part of selector.split('.')) {
          if (value === null || typeof value !== 'object') return undefined;
          value = (value as Record<string, unknown>)[part];
        }
        return value;
      },
      html(): never {
        throw new Error('Response.html() is not supported by the sandbox');
      },
    };
  }

  const verb =
    (method: string, hasBody: boolean) => (url: unknown, bodyOrParams?: unknown, params?: unknown) =>
      hasBody ? request(method, url, bodyOrParams, params) : request(method, url, undefined, bodyOrParams);

  /**
   * As k6 (grafana/k6 lib/netext/httpext/batch.go `MakeBatchRequests`): min(N, batch) workers take the
   * requests in order, each waits for a slot of its request's host (batchPerHost, none when 0), sends
   * it (following redirects in the same slot) and takes the next. Responses come back in request order;
   * each request emits its own metrics when it completes. Docs: k6-http/batch ("in parallel over
   * multiple TCP connections"), options reference "Batch" / "Batch per host".
   */
  const batch = (requests: unknown) => {
    const parse = (item: unknown): InFlight => {
      if (typeof item === 'string') return begin('GET', item);
      if (Array.isArray(item)) return begin(String(item[0]), item[1], item[2], item[3]);
      const object = item as { method?: string; url: unknown; body?: unknown; params?: unknown };
      return begin(object.method ?? 'GET', object.url, object.body, object.params);
    };
    const keys = Array.isArray(requests) ? [] : Object.keys(requests as Record<string, unknown>);
    const items = Array.isArray(requests)
      ? requests.map(parse)
      : keys.map((k) => parse((requests as Record<string, unknown>)[k]));
    const globalLimit = limitOption('batch', DEFAULT_BATCH);
    if (items.length > 0 && globalLimit < 1)
      throw new Error(`batch concurrency must be a positive number but is ${globalLimit}`);
    const perHost = limitOption('batchPerHost', DEFAULT_BATCH_PER_HOST);
    const results: unknown[] = new Array(items.length);
    const taken: number[] = []; // requests a worker holds: sent, or waiting for a host slot
    const sending = new Map<number, number>(); // request id → item index
    const hostBusy = new Map<string, number>();
    let nextItem = 0;
    let firstError: unknown;
    const start = (index: number) => {
      const item = items[index] as InFlight;
      hostBusy.set(item.host, (hostBusy.get(item.host) ?? 0) + 1);
      sending.set(send(item.next()), index);
    };
    while (nextItem < items.length || taken.length > 0) {
      while (taken.length < globalLimit && nextItem < items.length) taken.push(nextItem++);
      for (const index of taken) {
        if ([...sending.values()].includes(index)) continue;
        const host = (items[index] as InFlight).host;
        if (perHost === 0 || (hostBusy.get(host) ?? 0) < perHost) start(index);
      }
      const raw = receive(new Set(sending.keys()));
      const index = sending.get(raw.id) as number;
      sending.delete(raw.id);
      const item = items[index] as InFlight;
      let response: unknown;
      try {
        response = item.settle(raw);
      } catch (error) {
        // Option `throw`: k6 finishes the batch, then throws its first error.
        firstError ??= error;
        response = null;
      }
      if (response === undefined) {
        sending.set(send(item.next()), index); // a redirect keeps its host slot
        continue;
      }
      results[index] = response;
      hostBusy.set(item.host, (hostBusy.get(item.host) ?? 1) - 1);
      taken.splice(taken.indexOf(index), 1);
    }
    if (firstError !== undefined) throw firstError;
    return Array.isArray(requests) ? results : Object.fromEntries(keys.map((k, i) => [k, results[i]]));
  };

  const http = {
    request,
    get: verb('GET', false),
    head: verb('HEAD', false),
    options: (url: unknown, body?: unknown, params?: unknown) => request('OPTIONS', url, body, params),
    post: verb('POST', true),
    put: verb('PUT', true),
    patch: verb('PATCH', true),
    del: (url: unknown, body?: unknown, params?: unknown) => request('DELETE', url, body, params),
    batch,
    cookieJar: () => new CookieJar(vu.defaultJar),
    CookieJar,
    expectedStatuses: (...items: unknown[]) =>
      new ExpectedStatuses(
        items.map((item) =>
          typeof item === 'number'
            ? { min: item, max: item }
            : { min: Number((item as { min: number }).min), max: Number((item as { max: number }).max) },
        ),
      ),
    setResponseCallback: (callback: unknown) => {
      vu.responseCallback = callback;
    },
    url: (strings: TemplateStringsArray, ...values: unknown[]) => {
      // `http.url` tags the request name with the template, ids replaced by ${} (docs k6-http/url).
      const url = strings.reduce((acc, s, i) => acc + s + (i < values.length ? String(values[i]) : ''), '');
      const name = strings.reduce((acc, s, i) => acc + s + (i < values.length ? '$' + '{}' : ''), '');
      return { url, name };
    },
    file: (data: unknown, filename?: string, contentType?: string) => ({
      data,
      filename,
      content_type: contentType ?? 'application/octet-stream',
    }),
    TLS_1_2: 'tls1.2',
    TLS_1_3: 'tls1.3',
    OCSP_STATUS_GOOD: 'good',
  };
  return { ...http, default: http };
}
