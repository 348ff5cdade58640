import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  clientJitter,
  PACE_JITTER_SHARE,
  parseRateLimitHeaders,
  RouteBudget,
  WindowCounter,
} from './rate-limit.ts';

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
    assert.deepEqual(budget.decide(hourEnd - 5), { action: 'wait', seconds: 6, until: 'reset' });
  });

  it('learns the reset from a 429 as well', () => {
    const budget = new RouteBudget(61);
    budget.observe({ limit: 120, remaining: 0, reset: end });
    assert.equal(budget.decide(start + 30).action, 'wait');
    budget.windowPassed();
    assert.deepEqual(budget.decide(start + 30), { action: 'send' });
  });

  it('paces: spreads the remaining budget over the window, so a greedy client never waits for a reset', () => {
    const limit = 120;
    // A client that would send as fast as it may, from 10 s into a window for three minutes.
    const budget = new RouteBudget(61, 1, clientJitter(7));
    let now = start + 10;
    const perWindow = new Map<number, number>();
    const perSecond = new Map<number, number>();
    const counts = new Map<number, number>();
    while (now < start + 190) {
      const decision = budget.decide(now);
      assert.notEqual(decision.action, 'skip');
      if (decision.action === 'wait') {
        assert.equal(decision.until, 'pace', `waited for a reset at ${now - start} s`);
        assert.ok(decision.seconds <= 60);
        now += decision.seconds;
        continue;
      }
      const windowStart = now - (now % 60);
      const count = (counts.get(windowStart) ?? 0) + 1;
      counts.set(windowStart, count);
      perWindow.set(windowStart, count);
      perSecond.set(Math.floor(now), (perSecond.get(Math.floor(now)) ?? 0) + 1);
      budget.observe({ limit, remaining: Math.max(0, limit - count), reset: windowStart + 60 }, now + 0.002);
      now += 0.005; // the server answers in 5 ms
    }
    assert.ok(
      [...perWindow.values()].every((n) => n <= limit),
      'within the budget',
    );
    assert.ok(Math.max(...perWindow.values()) >= 90, 'uses most of the budget');
    // An even spread of 120 per 60 s is 2 per second; the burst at a window start is gone.
    assert.ok(Math.max(...perSecond.values()) <= 3, `max per second ${Math.max(...perSecond.values())}`);
  });

  it('paces by the even spacing stretched by the client jitter, and never for a client that is slower', () => {
    const budget = new RouteBudget(61, 1, 0.5);
    budget.observe({ limit: 120, remaining: 100, reset: start + 50 }, start);
    // even spacing 50 s / 100 = 0.5 s, stretched by 1 + 0.25 × 0.5
    assert.equal(budget.paceSeconds(start), 0.5 * (1 + PACE_JITTER_SHARE * 0.5));
    const decision = budget.decide(start + 0.1);
    assert.ok(decision.action === 'wait' && decision.until === 'pace');
    assert.ok(Math.abs(decision.seconds - (0.5 * 1.125 - 0.1)) < 1e-6, String(decision.seconds));
    assert.deepEqual(budget.decide(start + 1), { action: 'send' });
    const unpaced = new RouteBudget(61);
    unpaced.observe({ limit: 120, remaining: 100, reset: start + 50 }, start);
    assert.deepEqual(unpaced.decide(start + 0.1), { action: 'send' });
  });

  it('gives neighbouring clients different jitters in [0, 1)', () => {
    const jitters = Array.from({ length: 500 }, (_, i) => clientJitter(i + 1));
    assert.ok(jitters.every((j) => j >= 0 && j < 1));
    assert.ok(Math.abs(clientJitter(1) - clientJitter(2)) > 0.2);
    assert.ok(Math.min(...jitters) < 0.01 && Math.max(...jitters) > 0.99);
  });
});

describe('WindowCounter', () => {
  const headers = (reset: number, remaining: number) => ({ limit: 120, remaining, reset });

  it('judges a refusal in the window that refused: a burst over a window edge starts a new count there', () => {
    const counter = new WindowCounter();
    // 60 accepted at the end of one window, 120 in the next, then the 121st of that window is refused.
    for (let i = 0; i < 60; i++) counter.observe(201, headers(1_000, 59 - i));
    for (let i = 0; i < 120; i++) counter.observe(201, headers(1_060, Math.max(0, 119 - i)));
    counter.observe(429, headers(1_060, 0));
    assert.equal(counter.acceptedInWindow, 120);
  });

  it('counts the whole burst in one window when no edge is crossed, and not the 429', () => {
    const counter = new WindowCounter();
    for (let i = 0; i < 120; i++) counter.observe(201, headers(1_000, Math.max(0, 119 - i)));
    counter.observe(429, headers(1_000, 0));
    assert.equal(counter.acceptedInWindow, 120);
  });

  it('keeps counting in the current window when a response carries no headers', () => {
    const counter = new WindowCounter();
    counter.observe(201, headers(1_000, 119));
    counter.observe(201, null);
    assert.equal(counter.acceptedInWindow, 2);
  });
});
