// Abuse control as Appwrite does it (reference appwrite.md §10), with an injected clock so tests cross
// window edges without waiting.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { AbuseCounters, abuseKey } from './abuse.ts';
import { type EmulatorOptions, type RunningEmulator, startEmulator } from './index.ts';

const PASSWORD = 'Password123!';
/** 2026-01-01T00:00:00Z: a multiple of 3600 s, so hour and minute windows start here. */
const T0 = Date.UTC(2026, 0, 1);

describe('AbuseCounters (fixed epoch-aligned windows)', () => {
  it('allows `limit` hits per window, refuses limit+1, and starts over at the next window edge', () => {
    let now = T0 + 59_999; // last millisecond of the first 60 s window
    const counters = new AbuseCounters(() => now);
    const rule = { limit: 3, periodSeconds: 60, key: 'k' };
    const seen = [1, 2, 3, 4].map(() => counters.check('k', rule, true));
    assert.deepEqual(
      seen.map((v) => [v.limited, v.remaining]),
      [
        [false, 2],
        [false, 1],
        [false, 0],
        [true, 0],
      ],
    );
    assert.equal(seen[0]?.reset, T0 / 1000 + 60);
    now = T0 + 60_000; // first millisecond of the next window
    const next = counters.check('k', rule, true);
    assert.equal(next.limited, false);
    assert.equal(next.remaining, 2);
    assert.equal(next.reset, T0 / 1000 + 120);
  });

  it('--abuse-window-scale: windows and limits ×F, so the budget per second stays as in Appwrite', () => {
    let now = T0;
    const counters = new AbuseCounters(() => now, 0.1);
    const rule = { limit: 120, periodSeconds: 60, key: 'k' };
    const seen = Array.from({ length: 13 }, () => counters.check('k', rule, true));
    assert.deepEqual(
      seen.map((v) => v.limited),
      [...Array(12).fill(false), true],
    );
    assert.equal(seen[0]?.reset, T0 / 1000 + 6);
    now = T0 + 6_000;
    assert.equal(counters.check('k', rule, true).limited, false);
    // Hourly sign-ups: 10 per 3600 s → 1 per 360 s.
    assert.equal(counters.check('s', { limit: 10, periodSeconds: 3600, key: 's' }, true).remaining, 0);
  });

  it('does not count callers that bypass abuse, yet reports their headers', () => {
    const counters = new AbuseCounters(() => T0);
    const rule = { limit: 1, periodSeconds: 60, key: 'k' };
    for (let i = 0; i < 5; i++) assert.equal(counters.check('k', rule, false).limited, false);
    assert.equal(counters.check('k', rule, true).limited, false);
    assert.equal(counters.check('k', rule, true).limited, true);
  });

  it('fills key templates and leaves unknown placeholders as they are', () => {
    assert.equal(
      abuseKey('url:{url},ip:{ip},x:{x}', { url: 'h/v1/account', ip: '1.2.3.4' }),
      'url:h/v1/account,ip:1.2.3.4,x:{x}',
    );
  });
});

interface Harness {
  emulator: RunningEmulator;
  setNow(ms: number): void;
  call(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<Response>;
}

async function harness(options: EmulatorOptions = {}): Promise<Harness> {
  let now = T0;
  const emulator = await startEmulator({ attributeDelayMs: 0, clock: () => now, ...options });
  return {
    emulator,
    setNow(ms) {
      now = ms;
    },
    call(method, path, body, headers = {}) {
      return fetch(`${emulator.url}${path}`, {
        method,
        headers: { 'content-type': 'application/json', 'x-appwrite-project': emulator.projectId, ...headers },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    },
  };
}

async function sessionOf(h: Harness, email: string): Promise<string> {
  const key = { 'x-appwrite-key': h.emulator.apiKey };
  await h.call('POST', '/users', { userId: 'unique()', email, password: PASSWORD }, key);
  const login = await h.call('POST', '/account/sessions/email', { email, password: PASSWORD });
  assert.equal(login.status, 201);
  const fallback = login.headers.get('x-fallback-cookies');
  assert.ok(fallback);
  return fallback;
}

async function setupTable(h: Harness): Promise<void> {
  const key = { 'x-appwrite-key': h.emulator.apiKey };
  assert.equal((await h.call('POST', '/tablesdb', { databaseId: 'db', name: 'db' }, key)).status, 201);
  const table = await h.call(
    'POST',
    '/tablesdb/db/tables',
    { tableId: 't', name: 't', permissions: ['create("any")', 'read("any")', 'delete("any")'] },
    key,
  );
  assert.equal(table.status, 201);
  assert.equal(
    (await h.call('POST', '/tablesdb/db/tables/t/columns/integer', { key: 'n', required: false }, key))
      .status,
    202,
  );
}

describe('abuse control through HTTP', () => {
  let h: Harness;
  before(async () => {
    h = await harness();
    await setupTable(h);
  });
  after(() => h.emulator.close());

  it('answers the 121st row create of a 60 s window with 429 and resets at the window edge', async () => {
    const cookie = {
      'x-fallback-cookies': await sessionOf(h, 'writer@example.com'),
      'x-forwarded-for': '10.0.0.1',
    };
    h.setNow(T0 + 60_000);
    for (let i = 1; i <= 120; i++) {
      const response = await h.call(
        'POST',
        '/tablesdb/db/tables/t/rows',
        { rowId: 'unique()', data: { n: i } },
        cookie,
      );
      assert.equal(response.status, 201, `create #${i}`);
      assert.equal(response.headers.get('x-ratelimit-limit'), '120');
      assert.equal(response.headers.get('x-ratelimit-remaining'), String(120 - i));
      assert.equal(response.headers.get('x-ratelimit-reset'), String(T0 / 1000 + 120));
    }
    h.setNow(T0 + 119_999);
    const refused = await h.call(
      'POST',
      '/tablesdb/db/tables/t/rows',
      { rowId: 'unique()', data: { n: 0 } },
      cookie,
    );
    assert.equal(refused.status, 429);
    assert.equal(refused.headers.get('x-ratelimit-remaining'), '0');
    assert.deepEqual(await refused.json(), {
      message: 'Rate limit for the current endpoint has been exceeded. Please try again after some time.',
      code: 429,
      type: 'general_rate_limit_exceeded',
      version: '1.9.6',
    });
    // Another IP is another bucket; the same IP in the next window starts over.
    const other = await h.call(
      'POST',
      '/tablesdb/db/tables/t/rows',
      { rowId: 'unique()', data: { n: 0 } },
      {
        ...cookie,
        'x-forwarded-for': '10.0.0.2, 10.0.0.1',
      },
    );
    assert.equal(other.status, 201);
    h.setNow(T0 + 120_000);
    const next = await h.call(
      'POST',
      '/tablesdb/db/tables/t/rows',
      { rowId: 'unique()', data: { n: 0 } },
      cookie,
    );
    assert.equal(next.status, 201);
    assert.equal(next.headers.get('x-ratelimit-remaining'), '119');
  });

  it('exempts key callers without counting them, but still sends the headers', async () => {
    h.setNow(T0 + 3_600_000);
    const key = { 'x-appwrite-key': h.emulator.apiKey, 'x-forwarded-for': '10.0.0.9' };
    for (let i = 0; i < 130; i++) {
      const response = await h.call(
        'POST',
        '/tablesdb/db/tables/t/rows',
        { rowId: 'unique()', data: {} },
        key,
      );
      assert.equal(response.status, 201);
      assert.equal(response.headers.get('x-ratelimit-remaining'), '119');
    }
  });

  it('limits reads never and sends no rate-limit headers on them', async () => {
    const response = await h.call('GET', '/tablesdb/db/tables/t/rows', undefined, {
      'x-forwarded-for': '10.0.0.1',
    });
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('x-ratelimit-limit'), null);
  });

  it('allows 10 sign-ups per hour per IP, the 11th is 429, another IP is not affected', async () => {
    h.setNow(T0 + 7_200_000);
    const ip = { 'x-forwarded-for': '192.0.2.7' };
    for (let i = 0; i < 10; i++) {
      const response = await h.call(
        'POST',
        '/account',
        { userId: 'unique()', email: `s${i}@example.com`, password: PASSWORD },
        ip,
      );
      assert.equal(response.status, 201);
    }
    const eleventh = await h.call(
      'POST',
      '/account',
      { userId: 'unique()', email: 's10@example.com', password: PASSWORD },
      ip,
    );
    assert.equal(eleventh.status, 429);
    const elsewhere = await h.call(
      'POST',
      '/account',
      { userId: 'unique()', email: 's10@example.com', password: PASSWORD },
      {
        'x-forwarded-for': '192.0.2.8',
      },
    );
    assert.equal(elsewhere.status, 201);
  });
});

describe('login limits and sessions', () => {
  for (const [version, resets] of [
    ['1.8.1', false],
    ['1.9.6', true],
  ] as const) {
    it(`Appwrite ${version}: 10 logins per email per hour${resets ? ', reset by each successful login' : ''}`, async () => {
      const h = await harness({ appwriteVersion: version });
      try {
        await h.call(
          'POST',
          '/users',
          { userId: 'u', email: 'l@example.com', password: PASSWORD },
          {
            'x-appwrite-key': h.emulator.apiKey,
          },
        );
        const statuses: number[] = [];
        for (let i = 0; i < 11; i++) {
          const r = await h.call('POST', '/account/sessions/email', {
            email: 'l@example.com',
            password: PASSWORD,
          });
          statuses.push(r.status);
        }
        assert.deepEqual(statuses, [...Array(10).fill(201), resets ? 201 : 429]);
        // Failed logins always accumulate.
        const failed: number[] = [];
        for (let i = 0; i < 11; i++) {
          const r = await h.call('POST', '/account/sessions', {
            email: 'l@example.com',
            password: 'wrong-password',
          });
          failed.push(r.status);
        }
        assert.equal(failed.at(-1), 429);
      } finally {
        await h.emulator.close();
      }
    });
  }

  it('keeps at most 10 sessions per user: the 11th login evicts the oldest', async () => {
    const h = await harness({ abuse: 'disabled' });
    try {
      await h.call(
        'POST',
        '/users',
        { userId: 'u', email: 'm@example.com', password: PASSWORD },
        {
          'x-appwrite-key': h.emulator.apiKey,
        },
      );
      const cookies: string[] = [];
      for (let i = 0; i < 11; i++) {
        const r = await h.call('POST', '/account/sessions/email', {
          email: 'm@example.com',
          password: PASSWORD,
        });
        assert.equal(r.status, 201);
        cookies.push(r.headers.get('x-fallback-cookies') ?? '');
      }
      const first = await h.call('GET', '/account', undefined, { 'x-fallback-cookies': cookies[0] ?? '' });
      assert.equal(first.status, 401);
      for (const cookie of cookies.slice(1)) {
        assert.equal(
          (await h.call('GET', '/account', undefined, { 'x-fallback-cookies': cookie })).status,
          200,
        );
      }
      // With abuse disabled the headers are still sent (computed before the enabled check).
      const login = await h.call(
        'POST',
        '/account/sessions/email',
        { email: 'm@example.com', password: PASSWORD },
        {
          'x-fallback-cookies': cookies[1] ?? '',
        },
      );
      assert.equal(login.status, 401);
      assert.equal(((await login.json()) as { type: string }).type, 'user_session_already_exists');
      assert.equal(login.headers.get('x-ratelimit-limit'), '10');
    } finally {
      await h.emulator.close();
    }
  });

  it('carries sessions in the a_session_<project> cookie, its _legacy twin and X-Appwrite-Session; logout clears them', async () => {
    const h = await harness({ abuse: 'disabled' });
    try {
      await h.call(
        'POST',
        '/users',
        { userId: 'u', email: 'c@example.com', password: PASSWORD },
        {
          'x-appwrite-key': h.emulator.apiKey,
        },
      );
      const login = await h.call('POST', '/account/sessions/email', {
        email: 'c@example.com',
        password: PASSWORD,
      });
      const setCookie = login.headers.getSetCookie();
      const name = `a_session_${h.emulator.projectId}`;
      const main = setCookie.find((c) => c.startsWith(`${name}=`));
      const legacy = setCookie.find((c) => c.startsWith(`${name}_legacy=`));
      assert.ok(main && legacy);
      const value = main.slice(name.length + 1, main.indexOf(';'));
      assert.equal((await h.call('GET', '/account', undefined, { cookie: `${name}=${value}` })).status, 200);
      assert.equal(
        (await h.call('GET', '/account', undefined, { cookie: `${name}_legacy=${value}` })).status,
        200,
      );
      assert.equal((await h.call('GET', '/account', undefined, { 'x-appwrite-session': value })).status, 200);
      const withOrigin = await h.call(
        'POST',
        '/account/sessions/email',
        { email: 'c@example.com', password: PASSWORD },
        {
          origin: 'http://localhost',
        },
      );
      assert.equal(withOrigin.headers.get('x-fallback-cookies'), null);
      const logout = await h.call('DELETE', '/account/sessions/current', undefined, {
        'x-appwrite-session': value,
      });
      assert.equal(logout.status, 204);
      assert.equal(logout.headers.get('x-fallback-cookies'), '[]');
      assert.equal(logout.headers.get('x-ratelimit-limit'), '100');
      assert.equal((await h.call('GET', '/account', undefined, { 'x-appwrite-session': value })).status, 401);
      const unknown = await h.call('DELETE', '/account/sessions/nope', undefined, {});
      assert.equal(unknown.status, 401);
    } finally {
      await h.emulator.close();
    }
  });
});
