// Fixed-window rate limiting as Appwrite's abuse hook does it (reference appwrite.md §10):
// windows aligned to the epoch `[floor(now/period)*period, +period)` (utopia-php/abuse `TimeLimit`,
// 2.0.1 Redis adapter: `now - now % seconds`), requests 1..limit pass, request limit+1 is refused, and
// `X-RateLimit-Remaining = max(0, limit - (count + 1))` with `count` the hits already in the window
// (`app/controllers/shared/api.php` @0cefd06). Counters are server-wide (Redis keys carry no project
// since 1.6.2, §10.7).

export interface AbuseRule {
  /** Requests allowed per window; 0 = unlimited. */
  readonly limit: number;
  readonly periodSeconds: number;
  /** Key template, e.g. `url:{url},ip:{ip}`. */
  readonly key: string;
}

export interface AbuseVerdict {
  readonly limited: boolean;
  readonly limit: number;
  readonly remaining: number;
  /** Unix seconds at which the current window ends. */
  readonly reset: number;
}

interface Bucket {
  windowStart: number;
  count: number;
}

/** Stale buckets are swept once the map holds this many keys, so memory stays bounded. */
const SWEEP_THRESHOLD = 50_000;

export class AbuseCounters {
  readonly #buckets = new Map<string, Bucket>();
  readonly #clock: () => number;
  readonly #windowScale: number;

  /**
   * `windowScale` (0 < F ≤ 1, `--abuse-window-scale`): every window lasts F × its period (at least 1 s) and
   * allows F × its limit (at least 1), so a client's budget per second is Appwrite's while windows turn over
   * 1/F times as often: a test crosses several write windows in seconds instead of minutes.
   */
  constructor(clock: () => number, windowScale = 1) {
    this.#clock = clock;
    this.#windowScale = windowScale;
  }

  #scaled(rule: AbuseRule): { limit: number; periodSeconds: number } {
    if (this.#windowScale === 1) return rule;
    return {
      limit: rule.limit === 0 ? 0 : Math.max(1, Math.round(rule.limit * this.#windowScale)),
      periodSeconds: Math.max(1, Math.round(rule.periodSeconds * this.#windowScale)),
    };
  }

  /**
   * Reports the window state for `key` and, when `count` is true, records one hit if the request is
   * allowed. Callers that bypass abuse (key callers in 1.x, or abuse disabled) pass `count: false` and
   * still get headers: Appwrite computes them before deciding whether to check (§10.3).
   */
  check(key: string, fullRule: AbuseRule, count: boolean): AbuseVerdict {
    const rule = this.#scaled(fullRule);
    const nowSeconds = Math.floor(this.#clock() / 1000);
    const windowStart = nowSeconds - (nowSeconds % rule.periodSeconds);
    const reset = windowStart + rule.periodSeconds;
    const bucketKey = `${key}__${rule.periodSeconds}`;
    let bucket = this.#buckets.get(bucketKey);
    if (bucket === undefined || bucket.windowStart !== windowStart) {
      if (bucket === undefined && this.#buckets.size >= SWEEP_THRESHOLD) this.#sweep(nowSeconds);
      bucket = { windowStart, count: 0 };
      this.#buckets.set(bucketKey, bucket);
    }
    const remaining = Math.max(0, rule.limit - (bucket.count + 1));
    const limited = count && bucket.count >= rule.limit;
    if (count && !limited) bucket.count += 1;
    return { limited, limit: rule.limit, remaining, reset };
  }

  /** Forgets the counter for `key` (1.9 `abuse-reset` on a successful login). */
  reset(key: string, rule: AbuseRule): void {
    this.#buckets.delete(`${key}__${rule.periodSeconds}`);
  }

  #sweep(nowSeconds: number): void {
    for (const [key, bucket] of this.#buckets) {
      const period = Number(key.slice(key.lastIndexOf('__') + 2));
      if (bucket.windowStart + period <= nowSeconds) this.#buckets.delete(key);
    }
  }
}

/** Fills a key template; `{param-x}` comes from the request params (utopia-php/abuse `setParam`). */
export function abuseKey(template: string, values: Readonly<Record<string, string>>): string {
  return template.replace(/\{([a-zA-Z-]+)\}/g, (whole, name: string) => values[name] ?? whole);
}
