// Setup and teardown requests with retries (lib/provision/retry-policy.ts), one at a time or in bounded
// parallel batches (http.batch). Unrecorded: these are API-key and pool-login calls, not measured traffic.
import { sleep } from 'k6';
import http, { type RefinedResponse, type ResponseType } from 'k6/http';
import { AppwriteRequestError } from '../api/errors.ts';
import type { Headers } from '../api/headers.ts';
import { type RequestSpec, urlOf } from '../api/request.ts';
import { backoffSeconds, judge, SETUP_CONCURRENCY } from './retry-policy.ts';

export interface ReliableRequest {
  spec: RequestSpec;
  headers: Headers;
  /** Statuses that count as success. */
  ok: readonly number[];
  /** A create with a fixed id: a 409 on a retry means it exists. */
  createsWithFixedId?: boolean;
  /** A fresh cookie jar per try (logins must not carry a session: appwrite.md §3 gotcha 1). */
  freshJar?: boolean;
}

type Response = RefinedResponse<ResponseType | undefined>;

function batchRequest(endpoint: string, request: ReliableRequest) {
  const params: http.Params = {
    headers: request.headers,
    tags: { name: request.spec.name },
    responseType: 'text',
    responseCallback: http.expectedStatuses(...request.ok),
  };
  if (request.freshJar) params.jar = new http.CookieJar();
  return {
    method: request.spec.method,
    url: urlOf(endpoint, request.spec),
    body: request.spec.body === undefined ? null : JSON.stringify(request.spec.body),
    params,
  };
}

/**
 * Sends every request, SETUP_CONCURRENCY at a time, retrying transient failures with backoff; returns the
 * final responses in order. Throws AppwriteRequestError for the first request that fails for good.
 */
export function sendAllReliably(endpoint: string, requests: readonly ReliableRequest[]): Response[] {
  const responses: Array<Response | undefined> = new Array(requests.length);
  const started = Date.now();
  let pending = requests.map((_, index) => index);
  for (let attempt = 1; pending.length > 0; attempt++) {
    const retry: number[] = [];
    for (let from = 0; from < pending.length; from += SETUP_CONCURRENCY) {
      const chunk = pending.slice(from, from + SETUP_CONCURRENCY);
      const answers = http.batch(
        chunk.map((index) => batchRequest(endpoint, requests[index] as ReliableRequest)),
      ) as Response[];
      chunk.forEach((index, i) => {
        const request = requests[index] as ReliableRequest;
        const response = answers[i] as Response;
        const verdict = judge(
          response.status,
          request.ok,
          attempt,
          (Date.now() - started) / 1000,
          request.createsWithFixedId ?? false,
        );
        if (verdict === 'done') responses[index] = response;
        else if (verdict === 'retry') retry.push(index);
        else {
          const body = typeof response.body === 'string' ? response.body : null;
          throw new AppwriteRequestError(request.spec.name, request.ok, response.status, body, {
            errorCode: response.error_code,
            error: response.error,
          });
        }
      });
    }
    pending = retry;
    if (pending.length > 0) sleep(backoffSeconds(attempt, Math.random));
  }
  return responses as Response[];
}

/** One request with retries. */
export function sendReliably(endpoint: string, request: ReliableRequest): Response {
  return sendAllReliably(endpoint, [request])[0] as Response;
}
