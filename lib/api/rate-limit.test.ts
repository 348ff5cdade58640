import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseRateLimitHeaders, RouteBudget } from './rate-limit.ts';

/** Headers as Appwrite sends them for request `n` (1-based) of a window (appwrite.md §10.3). */
function headersFor(n: number, limit: number, windowEnd: number): Record<string, string> {
  return {
    'X-Ratelimit-Limit': String(limit),
    'X-Ratelimit-Remaining': String(Math.max(0, limit - n)),
    'X-Ratelimit-Reset': String(windowEnd),
  };
}

describe('parseRateLimitHeaders', () => {
  it('reads the three headers whatever their case', () => {
    assert.deepEqual(parseRateLimitHeaders(headersFor(1, 120, 1_800_000_060)), {
      limit: 120,
      remaining: 119,
      reset: 1_800_000_060,
    });
    assert.deepEqual(
      parseRateLimitHeaders({
        'x-ratelimit-limit': '10',
        'x-ratelimit-remaining': '0',
        'x-ratelimit-reset': '5',
      }),
      { limit: 10, remaining: 0, reset: 5 },
    );
  });
  it('returns null on unlimited routes or malformed values', () => {
    assert.equal(parseRateLimitHeaders({}), null);
    assert.equal(parseRateLimitHeaders(undefined), null);
    assert.equal(parseRateLimitHeaders({ ...headersFor(1, 120, 60), 'X-Ratelimit-Remaining': '-1' }), null);
    assert.equal(parseRateLimitHeaders({ ...headersFor(1, 120, 60), 'X-Ratelimit-Reset': 'soon' }), null);
  });
});

describe('RouteBudget', () => {
  // A 60 s window [1 800 000 000, 1 800 000 060), limit 120, as for document/row creates.
  const start = 1_800_000_000;
  const end = start + 60;

  it('sends while nothing is known (no headers: the server announced no budget)', () => {
    const budget = new RouteBudget(61);
    assert.deepEqual(budget.decide(start), { action: 'send' });
    budget.observe(null);
    assert.deepEqual(budget.decide(start + 1), { action: 'send' });
  });

  it('sends the 120 allowed requests, then waits for the window edge instead of sending the 121st', () => {
    const budget = new RouteBudget(61);
    let sent = 0;
    let now = start + 10;
    for (let n = 1; n <= 200; n++) {
      const decision = budget.decide(now);
      if (decision.action !== 'send') {
        assert.equal(decision.action, 'wait');
        assert.equal(decision.seconds, end + 1 - now);
        break;
      }
      sent++;
      budget.observe(parseRateLimitHeaders(headersFor(n, 120, end)));
      now += 0.1;
    }
    assert.equal(sent, 120);
  });

  it('starts afresh once the announced window has passed', () => {
    const budget = new RouteBudget(61);
    budget.observe({ limit: 120, remaining: 0, reset: end });
    assert.equal(budget.decide(end - 0.5).action, 'wait');
    assert.equal(budget.decide(end + 0.5).action, 'wait', 'inside the clock margin');
    assert.deepEqual(budget.decide(end + 1), { action: 'send' });
    // The next window's first answer shows limit − 1.
    budget.observe(parseRateLimitHeaders(headersFor(1, 120, end + 60)));
    assert.deepEqual(budget.decide(end + 2), { action: 'send' });
  });

  it('skips rather than waits when the reset is further than the longest wait (sign-ups: hourly windows)', () => {
    const budget = new RouteBudget(10);
    const hourEnd = 1_800_003_600;
    budget.observe({ limit: 10, remaining: 0, reset: hourEnd });
    assert.deepEqual(budget.decide(hourEnd - 600), { action: 'skip', secondsToReset: 601 });
    assert.deepEqual(budget.decide(hourEnd - 5), { action: 'wait', seconds: 6 });
  });

  it('learns the reset from a 429 as well', () => {
    const budget = new RouteBudget(61);
    budget.observe({ limit: 120, remaining: 0, reset: end });
    assert.equal(budget.decide(start + 30).action, 'wait');
    budget.windowPassed();
    assert.deepEqual(budget.decide(start + 30), { action: 'send' });
  });
});
