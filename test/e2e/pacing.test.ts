// Paced budgets, end to end (issue 8): tens of writer VUs under ABUSE=enabled against the emulator with
// abuse windows shortened tenfold (12 creates per 6 s per client instead of 120 per 60 s), through a proxy
// that notes when every create reached the server. Before pacing, each VU spent its budget at once, waited
// for the reset and woke with all the others at the same second.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { startObservingProxy } from '../../tools/observing-proxy.ts';
import { type BenchRun, cleanUp, runBenchmark, withEmulator } from './harness.ts';

const runs: BenchRun[] = [];
after(() => {
  for (const run of runs) cleanUp(run);
});

/** A share of a window's creates that no single second may exceed: an even spread over 6 s is 1/6. */
const MAX_SHARE_PER_SECOND = 0.35;
const WINDOW_SECONDS = 6;

async function startTimingProxy(target: string) {
  const creates: Array<{ at: number; status: number }> = [];
  const proxy = await startObservingProxy(target, ({ method, url }, status) => {
    if (method === 'POST' && /\/(rows|documents)$/.test(url)) creates.push({ at: Date.now() / 1000, status });
  });
  return { ...proxy, creates };
}

describe('paced write budgets (sandbox → proxy → emulator, windows ×0.1)', () => {
  it('12 writer VUs cross several windows with no 429 and no second holding a burst of a window', async () => {
    await withEmulator({ abuseWindowScale: 0.1 }, async (emulator) => {
      const proxy = await startTimingProxy(emulator.url);
      try {
        const run = await runBenchmark(emulator, {
          env: { SCENARIOS: 'writes', ABUSE: 'enabled', APPWRITE_ENDPOINT: proxy.url },
          vus: 12,
          duration: '24s',
          timeoutMs: 120_000,
        });
        runs.push(run);
        const limited = proxy.creates.filter((c) => c.status === 429).length;
        assert.equal(limited, 0, `${limited} creates answered 429`);
        assert.ok(proxy.creates.length > 200, `only ${proxy.creates.length} creates`);
        const first = Math.min(...proxy.creates.map((c) => c.at));
        const last = Math.max(...proxy.creates.map((c) => c.at));
        assert.ok(last - first >= 3 * WINDOW_SECONDS, `spanned ${last - first} s: fewer than 3 windows`);
        // Whole windows only (the first and last are cut by the run's start and end).
        const perWindow = new Map<number, number>();
        const perSecond = new Map<number, number>();
        for (const { at } of proxy.creates) {
          const second = Math.floor(at);
          perSecond.set(second, (perSecond.get(second) ?? 0) + 1);
          const window = second - (second % WINDOW_SECONDS);
          perWindow.set(window, (perWindow.get(window) ?? 0) + 1);
        }
        const whole = [...perWindow.keys()].filter(
          (w) => w > first && w + WINDOW_SECONDS < last && (perWindow.get(w) ?? 0) > 0,
        );
        assert.ok(whole.length >= 2, `only ${whole.length} whole windows`);
        for (const window of whole) {
          const total = perWindow.get(window) ?? 0;
          for (let s = window; s < window + WINDOW_SECONDS; s++) {
            const share = (perSecond.get(s) ?? 0) / total;
            assert.ok(
              share <= MAX_SHARE_PER_SECOND,
              `second ${s - window} of a window held ${(share * 100).toFixed(0)}% of its ${total} creates`,
            );
          }
        }
      } finally {
        await proxy.close();
      }
    });
  });
});

describe('auth at its rate (sandbox → emulator, ABUSE=enabled)', () => {
  it('15 sign-ups per VU, above 10 per address per hour: none skipped, no 429', async () => {
    await withEmulator({}, async (emulator) => {
      const run = await runBenchmark(emulator, {
        env: { SCENARIOS: 'auth', ABUSE: 'enabled', CLIENT_IPS: 'per-vu' },
        vus: 2,
        iterations: 30,
      });
      runs.push(run);
      const record = run.record;
      assert.ok(record, `no result record\n${run.stdout}\n${run.stderr}`);
      const { routes } = record.rateLimits as {
        routes: Array<{ name: string; count: number; skipped: number }>;
      };
      const signUp = routes.find((r) => r.name === 'POST /account');
      assert.ok(signUp, JSON.stringify(routes));
      assert.equal(signUp.skipped, 0, JSON.stringify(routes));
      assert.deepEqual(
        routes.map((r) => r.count),
        routes.map(() => 0),
        JSON.stringify(routes),
      );
      const checks = record.checks as { passes: number; fails: number };
      assert.equal(checks.fails, 0, run.stdout);
      assert.ok(checks.passes > 30 * 4, run.stdout);
    });
  });
});
