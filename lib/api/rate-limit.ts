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
  /** `pace`: spreading the remaining budget over the window; `reset`: the budget is spent, wait for the next window. */
  | { action: 'wait'; seconds: number; until: 'pace' | 'reset' }
  | { action: 'skip'; secondsToReset: number };

/** The usual answer, one object for every call: decide() runs before each budgeted request. */
const SEND: BudgetDecision = Object.freeze({ action: 'send' });

/**
 * How much slower than an even spread a pacing client may go, at most: each client's spacing is
 * (1 + PACE_JITTER_SHARE × its jitter) × the even spacing, with its jitter in [0, 1). Slower than even, so
 * a paced client never spends its budget before the window ends and never joins a herd at the reset.
 */
export const PACE_JITTER_SHARE = 0.25;

/** A client's jitter in [0, 1) from its VU number: golden-ratio steps, so neighbours differ most. */
export function clientJitter(vuIdInTest: number): number {
  const x = vuIdInTest * 0.618_033_988_749_895;
  return x - Math.floor(x);
}

/**
 * What one simulated client knows about one route's budget, learnt only from the server's headers: the
 * client never guesses a budget the server did not announce (a server with abuse control off sends none).
 * Clocks may differ between k6 and the server, so waits end `marginSeconds` after the announced reset.
 */
export class RouteBudget {
  private remaining: number | null = null;
  private reset: number | null = null;
  private observedAt: number | null = null;

  constructor(
    /** Longest wait worth taking inside an iteration; a later reset means skip. */
    readonly maxWaitSeconds: number,
    readonly marginSeconds = 1,
    /**
     * This client's jitter in [0, 1) to pace with, or null not to pace. Pacing (issue 8): without it every
     * writer VU of a closed-model phase spent its 120 creates in the first seconds of a minute, waited for the
     * reset and woke with all the others at the same second, so the heavy phase measured the herd.
     */
    readonly paceJitter: number | null = null,
  ) {}

  /** Records what a response said (429 responses included), and when (unix seconds) for pacing. */
  observe(headers: RateLimitHeaders | null, nowSeconds?: number): void {
    if (headers === null) return;
    this.remaining = headers.remaining;
    this.reset = headers.reset;
    this.observedAt = nowSeconds ?? null;
  }

  /** Whether to send now, wait first, or not send at all. `nowSeconds` is unix time in seconds. */
  decide(nowSeconds: number): BudgetDecision {
    if (this.remaining === null || this.reset === null) return SEND;
    if (nowSeconds >= this.reset + this.marginSeconds) {
      // The announced window is over: a new one starts with a full budget.
      this.remaining = null;
      this.reset = null;
      return SEND;
    }
    // A VU sends one request at a time and observes each answer, so the last header is current.
    if (this.remaining > 0) {
      const pace = this.paceSeconds(nowSeconds);
      return pace > 0 ? { action: 'wait', seconds: pace, until: 'pace' } : SEND;
    }
    const seconds = this.reset + this.marginSeconds - nowSeconds;
    if (seconds <= this.maxWaitSeconds) return { action: 'wait', seconds, until: 'reset' };
    return { action: 'skip', secondsToReset: seconds };
  }

  /**
   * Seconds until the next request may go so that the `remaining` requests spread over the rest of the
   * window: the even spacing `(reset − observedAt) ÷ remaining`, stretched by this client's jitter; 0 when
   * not pacing or already due.
   */
  paceSeconds(nowSeconds: number): number {
    if (this.paceJitter === null || this.observedAt === null || this.reset === null || !this.remaining)
      return 0;
    const even = Math.max(0, this.reset - this.observedAt) / this.remaining;
    const next = this.observedAt + even * (1 + PACE_JITTER_SHARE * this.paceJitter);
    return Math.max(0, next - nowSeconds);
  }

  /** After a wait for the reset ended, the window has turned. */
  windowPassed(): void {
    this.remaining = null;
    this.reset = null;
  }
}

/**
 * Accepted requests counted per abuse window, the window named by its announced `Reset`. A burst that
 * crosses a window edge starts a new count there (windows are aligned to the clock, appwrite.md §10), so
 * "refused after the limit" is judged in the window that refused, not over the whole burst: against a
 * real server a 121-create burst straddles a minute boundary whenever it starts late in a minute.
 */
export class WindowCounter {
  private window: number | null = null;
  private count = 0;

  /** Records one answer; a 201 counts in its window, a 429 counts nothing (the server did not accept it). */
  observe(status: number, headers: RateLimitHeaders | null): void {
    if (headers !== null && headers.reset !== this.window) {
      this.window = headers.reset;
      this.count = 0;
    }
    if (status !== 429) this.count++;
  }

  /** Requests the server accepted in the current window. */
  get acceptedInWindow(): number {
    return this.count;
  }
}
