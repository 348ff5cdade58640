// `X-RateLimit-*` headers and a per-client budget that keeps a simulated client inside Appwrite's abuse
// limits. Pure: the clock is passed in. Facts (appwrite.md §10): fixed, epoch-aligned windows; headers sent
// only on limited routes; `Remaining` = max(0, limit − (count + 1)), so 0 means the NEXT request is refused;
// `Reset` = unix seconds at the end of the current window.
import { headerValue } from './headers.ts';

export interface RateLimitHeaders {
  limit: number;
  remaining: number;
  /** Unix seconds. */
  reset: number;
}

function nonNegativeInteger(text: string | undefined): number | null {
  if (text === undefined) return null;
  // Fast path for the usual plain digits (no regex per header per response); anything else is judged below.
  const n = Number(text);
  if (n >= 0 && Number.isInteger(n) && String(n) === text) return n;
  if (!/^\s*\d+\s*$/.test(text)) return null;
  return Number(text);
}

/** The three headers, or `null` when the route is not limited (or the server sent none). */
export function parseRateLimitHeaders(headers: Record<string, string> | undefined): RateLimitHeaders | null {
  // Spelt as k6 canonicalises them (Go's textproto), so headerValue finds them without a scan.
  const limit = nonNegativeInteger(headerValue(headers, 'X-Ratelimit-Limit'));
  if (limit === null) return null;
  const remaining = nonNegativeInteger(headerValue(headers, 'X-Ratelimit-Remaining'));
  const reset = nonNegativeInteger(headerValue(headers, 'X-Ratelimit-Reset'));
  if (remaining === null || reset === null) return null;
  return { limit, remaining, reset };
}

export type BudgetDecision =
  | { action: 'send' }
  | { action: 'wait'; seconds: number }
  | { action: 'skip'; secondsToReset: number };

/**
 * What one simulated client knows about one route's budget, learnt only from the server's headers: the
 * client never guesses a budget the server did not announce (a server with abuse control off sends none).
 * Clocks may differ between k6 and the server, so waits end `marginSeconds` after the announced reset.
 */
export class RouteBudget {
  private remaining: number | null = null;
  private reset: number | null = null;

  constructor(
    /** Longest wait worth taking inside an iteration; a later reset means skip. */
    readonly maxWaitSeconds: number,
    readonly marginSeconds = 1,
  ) {}

  /** Records what a response said (429 responses included). */
  observe(headers: RateLimitHeaders | null): void {
    if (headers === null) return;
    this.remaining = headers.remaining;
    this.reset = headers.reset;
  }

  /** Whether to send now, wait first, or not send at all. `nowSeconds` is unix time in seconds. */
  decide(nowSeconds: number): BudgetDecision {
    if (this.remaining === null || this.reset === null) return { action: 'send' };
    if (nowSeconds >= this.reset + this.marginSeconds) {
      // The announced window is over: a new one starts with a full budget.
      this.remaining = null;
      this.reset = null;
      return { action: 'send' };
    }
    // A VU sends one request at a time and observes each answer, so the last header is current.
    if (this.remaining > 0) return { action: 'send' };
    const seconds = this.reset + this.marginSeconds - nowSeconds;
    if (seconds <= this.maxWaitSeconds) return { action: 'wait', seconds };
    return { action: 'skip', secondsToReset: seconds };
  }

  /** After a wait ended, the window has turned. */
  windowPassed(): void {
    this.remaining = null;
    this.reset = null;
  }
}
