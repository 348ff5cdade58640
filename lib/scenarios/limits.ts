// limits: checks the server's abuse control itself. From an address no VU uses, the VU's pool user
// creates records until the server answers 429, then checks the 429 body and X-RateLimit-* headers
// (appwrite.md §10.3, §10.4). 201 and 429 are declared expected for http_req_failed.
import { check } from 'k6';
import { send } from '../api/client.ts';
import { parseErrorBody } from '../api/errors.ts';
import { clientHeaders } from '../api/headers.ts';
import { type RateLimitHeaders, WindowCounter } from '../api/rate-limit.ts';
import { reservedAddress } from '../client-address.ts';
import type { Config } from '../config/parse.ts';
import { vuContext } from './vu.ts';

/**
 * Appwrite's create limit is 120 per 60 s. A burst that starts late in a window spends what is left of it,
 * then needs a whole window's budget plus one: 2 × 120 + 1 at most. Stop after that even if the server
 * never refuses.
 */
export const LIMITS_MAX_REQUESTS = 2 * 120 + 20;
const RATE_LIMIT_TYPE = 'general_rate_limit_exceeded';

export function runLimits(config: Config, data: unknown, tags: Record<string, string> = {}): void {
  const ctx = vuContext(config, data);
  const headers = clientHeaders(config.projectId, ctx.session, reservedAddress(ctx.setup.runId));
  const spec = ctx.dialect.createRecord(ctx.identity.databaseId, ctx.identity.containerId, 'unique()', {
    title: 'limits',
    score: 0,
    active: false,
  });

  let first: RateLimitHeaders | null = null;
  let refused: { status: number; body: string | null; rateLimit: RateLimitHeaders | null } | null = null;
  const perWindow = new WindowCounter();
  for (let sentCount = 0; sentCount < LIMITS_MAX_REQUESTS && refused === null; sentCount++) {
    const sent = send(config.endpoint, spec, { headers, tags, expected: [201, 429] });
    first ??= sent.rateLimit;
    perWindow.observe(sent.response.status, sent.rateLimit);
    if (sent.response.status === 429) {
      const body = typeof sent.response.body === 'string' ? sent.response.body : null;
      refused = { status: 429, body, rateLimit: sent.rateLimit };
    } else if (sent.response.status !== 201) {
      check(sent.response, { [`${spec.name} is 201 or 429`]: () => false });
      return;
    }
  }

  const now = Date.now() / 1000;
  const error = parseErrorBody(refused?.body);
  const limit = first?.limit ?? refused?.rateLimit?.limit ?? 0;
  check(refused, {
    [`${spec.name} announces its limit in X-RateLimit-*`]: () =>
      first !== null || refused?.rateLimit !== null,
    [`${spec.name} answers 429 after its limit`]: (r) =>
      r !== null && limit > 0 && perWindow.acceptedInWindow <= limit,
    [`${spec.name} 429 body is general_rate_limit_exceeded`]: () =>
      error?.code === 429 && error.type === RATE_LIMIT_TYPE,
    [`${spec.name} 429 has X-RateLimit-Remaining 0`]: (r) => r?.rateLimit?.remaining === 0,
    [`${spec.name} 429 has X-RateLimit-Reset within the window`]: (r) => {
      const reset = r?.rateLimit?.reset;
      // The create route's window is 60 s (appwrite.md §10.2); 2 s of clock difference allowed.
      return reset !== undefined && reset >= now - 2 && reset <= now + 60 + 2;
    },
  });
}
