// The suite's work written plainly: the same requests, `name` tags, checks (same names, same claims),
// custom metrics and client budgets as lib/scenarios, in the straightforward style of a hand-written k6
// script (per-VU values computed once, each body parsed once, headers read by their k6 name).
import { check, sleep } from 'k6';
import exec from 'k6/execution';
import http from 'k6/http';
import { Counter, Gauge, Trend } from 'k6/metrics';

const endpoint = __ENV.APPWRITE_ENDPOINT;
const project = __ENV.APPWRITE_PROJECT_ID;
const abuse = (__ENV.ABUSE || 'enabled') === 'enabled';
const freshClients = (__ENV.CLIENT_IPS || 'per-vu') === 'per-vu';

const rateLimited = new Counter('appwrite_rate_limited');
const remaining = new Trend('appwrite_rate_limit_remaining');
const phaseClock = new Gauge('appwrite_phase_clock');
const budgetWait = new Trend('appwrite_budget_wait_seconds');
const budgetSkipped = new Counter('appwrite_budget_skipped');

const GET_ROW = 'GET /tablesdb/{db}/tables/{t}/rows/{id}';
const LIST_ROWS = 'GET /tablesdb/{db}/tables/{t}/rows';
const CREATE_ROW = 'POST /tablesdb/{db}/tables/{t}/rows';
const SIGN_UP = 'POST /account';
const LOG_IN = 'POST /account/sessions/email';
const GET_ACCOUNT = 'GET /account';
const LOG_OUT = 'DELETE /account/sessions/current';
const LIST_QUERY = `?queries%5B%5D=${encodeURIComponent('{"method":"equal","attribute":"active","values":[true]}')}&queries%5B%5D=${encodeURIComponent('{"method":"limit","values":[10]}')}`;

let vu = null;
function vuState(data) {
  if (vu !== null) return vu;
  const id = exec.vu.idInTest;
  const base = `${endpoint}/tablesdb/d${data.runId}-${data.instance}/tables/c${data.runId}-${data.instance}/rows`;
  const address = `198.18.${(id >> 8) & 255}.${id & 255}`;
  const guest = {
    'Content-Type': 'application/json',
    'X-Appwrite-Project': project,
    'X-Forwarded-For': address,
  };
  const session = data.sessions[(id - 1) % data.sessions.length];
  vu = {
    base,
    list: base + LIST_QUERY,
    seed: `s${data.runId}-${data.instance}-`,
    guest,
    pool: { ...guest, 'X-Fallback-Cookies': JSON.stringify({ [`a_session_${project}`]: session }) },
    budgets: {},
    // The golden-ratio step of lib/api/rate-limit.ts clientJitter: neighbouring VUs differ most.
    jitter: (id * 0.618033988749895) % 1,
  };
  return vu;
}

function parse(r) {
  try {
    return JSON.parse(r.body);
  } catch {
    return null;
  }
}

/** Counts a 429 and records the remaining budget of a limited route. */
function record(route, r) {
  const tags = { name: route };
  if (r.status === 429) rateLimited.add(1, tags);
  const left = r.headers['X-Ratelimit-Remaining'];
  if (left !== undefined) {
    remaining.add(Number(left), tags);
    if (abuse)
      vu.budgets[route] = {
        left: Number(left),
        reset: Number(r.headers['X-Ratelimit-Reset']),
        at: Date.now() / 1000,
      };
  }
}

/**
 * The suite's client budget, plainly: send while the window has budget; a paced route (creates) spreads the
 * remaining budget over the rest of the window, stretched by this client's jitter (as lib/api/rate-limit.ts
 * does, so that writers never align on window edges); a spent budget waits for the reset, up to `maxWait`.
 */
function mayCall(route, maxWait, pace) {
  const budget = vu.budgets[route];
  if (!abuse || budget === undefined) return true;
  const now = Date.now() / 1000;
  if (now >= budget.reset + 1) {
    vu.budgets[route] = undefined;
    return true;
  }
  if (budget.left > 0) {
    if (!pace) return true;
    const next = budget.at + ((budget.reset - budget.at) / budget.left) * (1 + 0.25 * vu.jitter);
    if (next > now) {
      budgetWait.add(next - now, { name: route });
      sleep(next - now);
    }
    return true;
  }
  if (budget.reset + 1 - now <= maxWait) {
    budgetWait.add(budget.reset + 1 - now, { name: route });
    sleep(budget.reset + 1 - now);
    vu.budgets[route] = undefined;
    return true;
  }
  budgetSkipped.add(1, { name: route });
  return false;
}

function clocked(run) {
  return (data) => {
    phaseClock.add(Date.now() / 1000);
    try {
      run(data);
    } finally {
      phaseClock.add(Date.now() / 1000);
    }
  };
}

export const reads = clocked((data) => {
  const s = vuState(data);
  const id = s.seed + (exec.scenario.iterationInTest % data.seedCount).toString(36);
  const got = http.get(`${s.base}/${id}`, { headers: s.pool, tags: { name: GET_ROW } });
  const row = parse(got);
  check(got, {
    [`${GET_ROW} is 200`]: (r) => r.status === 200,
    [`${GET_ROW} returns the record`]: () => row !== null && row.$id === id,
  });
  const listed = http.get(s.list, { headers: s.pool, tags: { name: LIST_ROWS } });
  const list = parse(listed);
  check(listed, {
    [`${LIST_ROWS} is 200`]: (r) => r.status === 200,
    [`${LIST_ROWS} lists matching records`]: () =>
      list !== null &&
      Array.isArray(list.rows) &&
      list.rows.length > 0 &&
      list.rows.length <= 10 &&
      list.rows.every((r) => r.active === true),
  });
});

export const writes = clocked((data) => {
  const s = vuState(data);
  if (!mayCall(CREATE_ROW, 61, true)) return;
  const i = exec.scenario.iterationInTest;
  const title = `vu ${exec.vu.idInTest} iteration ${i}`;
  const body = JSON.stringify({
    rowId: 'unique()',
    data: { title, score: i % 1000000, active: i % 2 === 0 },
  });
  const created = http.post(s.base, body, { headers: s.pool, tags: { name: CREATE_ROW } });
  record(CREATE_ROW, created);
  const row = parse(created);
  check(created, {
    [`${CREATE_ROW} is 201`]: (r) => r.status === 201,
    [`${CREATE_ROW} returns the new record`]: () =>
      row !== null && typeof row.$id === 'string' && row.title === title,
  });
});

export const auth = clocked((data) => {
  const s = vuState(data);
  const email = `${data.runId}-${data.instance}-bench-${exec.vu.idInTest}-${exec.scenario.iterationInTest}@k6bench.example.com`;
  const password = 'K6bench-Passw0rd!';
  // Each sign-up from its own client address, as the suite does with CLIENT_IPS=per-vu.
  const i = exec.scenario.iterationInTest;
  const guest = freshClients
    ? { ...s.guest, 'X-Forwarded-For': `198.19.${(i >> 8) & 255}.${i & 255}` }
    : s.guest;
  if (!freshClients && !mayCall(SIGN_UP, 10, false)) return;
  const name = `k6bench ${data.runId} ${data.instance}`;
  const created = http.post(
    `${endpoint}/account`,
    JSON.stringify({ userId: 'unique()', email, password, name }),
    {
      headers: guest,
      tags: { name: SIGN_UP },
    },
  );
  record(SIGN_UP, created);
  const user = parse(created);
  if (
    !check(created, {
      [`${SIGN_UP} is 201`]: (r) => r.status === 201,
      [`${SIGN_UP} returns the new user`]: () =>
        user !== null && user.email === email && typeof user.$id === 'string',
    })
  )
    return;
  const login = http.post(`${endpoint}/account/sessions/email`, JSON.stringify({ email, password }), {
    headers: guest,
    tags: { name: LOG_IN },
    jar: new http.CookieJar(),
  });
  record(LOG_IN, login);
  const loggedIn = parse(login);
  let session = null;
  try {
    session = JSON.parse(login.headers['X-Fallback-Cookies'])[`a_session_${project}`] ?? null;
  } catch {}
  if (
    !check(login, {
      [`${LOG_IN} is 201`]: (r) => r.status === 201,
      [`${LOG_IN} returns a session of the user`]: () => loggedIn !== null && loggedIn.userId === user.$id,
      [`${LOG_IN} carries the session token`]: () => session !== null,
    })
  )
    return;
  const signedIn = {
    ...guest,
    'X-Fallback-Cookies': JSON.stringify({ [`a_session_${project}`]: session }),
  };
  const got = http.get(`${endpoint}/account`, { headers: signedIn, tags: { name: GET_ACCOUNT } });
  const account = parse(got);
  check(got, {
    [`${GET_ACCOUNT} is 200`]: (r) => r.status === 200,
    [`${GET_ACCOUNT} is the signed-in user`]: () => account !== null && account.$id === user.$id,
  });
  if (!freshClients && !mayCall(LOG_OUT, 10, false)) return;
  const out = http.del(`${endpoint}/account/sessions/current`, null, {
    headers: signedIn,
    tags: { name: LOG_OUT },
  });
  record(LOG_OUT, out);
  check(out, { [`${LOG_OUT} is 204`]: (r) => r.status === 204 });
});
