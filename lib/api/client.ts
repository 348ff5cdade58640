// Sends a RequestSpec with k6 and records what every response says about rate limits.
import http, { type RefinedResponse, type ResponseType } from 'k6/http';
import { rateLimited, rateLimitRemaining } from '../metrics.ts';
import type { Headers } from './headers.ts';
import { parseRateLimitHeaders, type RateLimitHeaders } from './rate-limit.ts';
import { type RequestSpec, urlOf } from './request.ts';

export interface SendOptions {
  headers: Headers;
  /**
   * Provisioning reads bodies even when a run sets `discardResponseBodies` (grafana/k6-jslib-aws#45);
   * measured requests keep k6's default.
   */
  text?: boolean;
  /** Statuses that are not failures for `http_req_failed` (k6 counts 200–399 by default, k6.md §2). */
  expected?: readonly number[];
  /** Extra tags, e.g. the workload of the default function. */
  tags?: Record<string, string>;
  /** A dedicated cookie jar (logins must not carry a session: appwrite.md §3 gotcha 1). */
  jar?: http.CookieJar;
  /**
   * Provisioning and cleanup (API key) set this: Appwrite sends X-RateLimit-* to key callers too, but
   * their remaining budget says nothing about the simulated clients the metrics describe.
   */
  unrecorded?: boolean;
}

export interface Sent {
  response: RefinedResponse<ResponseType | undefined>;
  rateLimit: RateLimitHeaders | null;
}

/**
 * A request whose URL, params and metric tags are built once and sent many times: a VU's workloads send the
 * same few routes every iteration, so building them per request is the suite's own CPU, not load.
 */
export interface PreparedRequest {
  method: RequestSpec['method'];
  url: string;
  name: string;
  params: http.Params;
  /** `{name}` for the suite's own metrics. */
  metricTags: { name: string };
  /** Whether X-RateLimit-* is read: only where a budget or the remaining-budget metric needs it. */
  readRateLimit: boolean;
  recorded: boolean;
}

export function prepare(
  endpoint: string,
  spec: RequestSpec,
  options: SendOptions & { readRateLimit?: boolean },
): PreparedRequest {
  const params: http.Params = {
    headers: options.headers,
    tags: { ...options.tags, name: spec.name },
  };
  if (options.text) params.responseType = 'text';
  if (options.expected) params.responseCallback = http.expectedStatuses(...options.expected);
  if (options.jar) params.jar = options.jar;
  return {
    method: spec.method,
    url: urlOf(endpoint, spec),
    name: spec.name,
    params,
    metricTags: { name: spec.name },
    readRateLimit: options.readRateLimit ?? true,
    recorded: !options.unrecorded,
  };
}

/**
 * Sends a prepared request; `params` replaces the prepared ones (a fresh cookie jar, other headers) and
 * `url` the prepared URL (the same route with another id).
 */
export function sendPrepared(
  request: PreparedRequest,
  body: string | null,
  params = request.params,
  url = request.url,
): Sent {
  const response = http.request(request.method, url, body, params);
  const rateLimit = request.readRateLimit ? parseRateLimitHeaders(response.headers) : null;
  if (request.recorded) {
    if (rateLimit) rateLimitRemaining.add(rateLimit.remaining, request.metricTags);
    if (response.status === 429) rateLimited.add(1, request.metricTags);
  }
  return { response, rateLimit };
}

/** One request, tagged `name`; counts 429s and records `X-RateLimit-Remaining` under the same name. */
export function send(endpoint: string, spec: RequestSpec, options: SendOptions): Sent {
  const body = spec.body === undefined ? null : JSON.stringify(spec.body);
  return sendPrepared(prepare(endpoint, spec, options), body);
}

/** The body as JSON, or `null` (empty, discarded or not JSON). */
export function jsonBody(
  response: RefinedResponse<ResponseType | undefined>,
): Record<string, unknown> | null {
  if (typeof response.body !== 'string' || response.body === '') return null;
  try {
    const parsed = JSON.parse(response.body) as unknown;
    return parsed !== null && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}
