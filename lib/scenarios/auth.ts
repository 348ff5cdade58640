// auth: sign up a new user, log in, get the account, log out (appwrite.md §3).
// Abuse budgets (appwrite.md §10.2): sign-ups 10 per hour per IP, logins 10 per hour per email (each new
// email logs in once, so never limited), logouts 100 per hour per IP. With CLIENT_IPS=per-vu each iteration
// is a new client at a fresh address (lib/client-address.ts signUpAddress), so auth runs at the profile's
// rate. With CLIENT_IPS=single and ABUSE=enabled the VU tracks the sign-up and logout budgets from
// X-RateLimit-* and, once spent, waits if the window ends within AUTH_MAX_WAIT_SECONDS, else skips the
// iteration (appwrite_budget_skipped{name:POST /account}).
import exec from 'k6/execution';
import http from 'k6/http';
import { createAccount, createEmailSession, deleteCurrentSession, getAccount } from '../api/account.ts';
import { type PreparedRequest, prepare, sendPrepared } from '../api/client.ts';
import { clientHeaders, type Headers, headerValue } from '../api/headers.ts';
import { sessionFromHeaders } from '../api/session.ts';
import { signUpAddresses } from '../client-address.ts';
import type { Config } from '../config/parse.ts';
import { BENCH_PASSWORD } from '../identity.ts';
import { ResponseCheck } from './checks.ts';
import { mayCall, observeBudget, type VuContext, vuContext } from './vu.ts';

export const AUTH_MAX_WAIT_SECONDS = 10;

/** The four routes of this VU, built on its first iteration; bodies and the session change per iteration. */
interface AuthPlan {
  ctx: VuContext;
  tags: Record<string, string>;
  /** Headers of the VU's own client (CLIENT_IPS=single); per-vu sign-ups each get a fresh address. */
  guest: Headers;
  signUp: PreparedRequest;
  signUpCheck: ResponseCheck;
  logIn: PreparedRequest;
  logInCheck: ResponseCheck;
  get: PreparedRequest;
  getCheck: ResponseCheck;
  logOut: PreparedRequest;
  logOutCheck: ResponseCheck;
  /**
   * One params object per route for the VU's life, its headers (and the login's jar) set before each send:
   * k6 reads params while the call runs, so reusing them is safe and saves four object copies an iteration.
   */
  sends: { signUp: http.Params; logIn: http.Params; get: http.Params; logOut: http.Params };
}

let plan: AuthPlan | null = null;
const NO_TAGS: Record<string, string> = {};

function planFor(ctx: VuContext, tags: Record<string, string>): AuthPlan {
  if (plan !== null && plan.ctx === ctx && plan.tags === tags) return plan;
  const { config } = ctx;
  const guest = clientHeaders(config.projectId, null, ctx.address);
  // GET /account carries no budget; the POST and DELETE routes do, read only with ABUSE=enabled.
  const limited = { headers: guest, tags, readRateLimit: config.abuse === 'enabled' };
  const signUp = prepare(config.endpoint, createAccount('', '', '', ''), limited);
  const logIn = prepare(config.endpoint, createEmailSession('', ''), limited);
  const get = prepare(config.endpoint, getAccount(), { ...limited, readRateLimit: false });
  const logOut = prepare(config.endpoint, deleteCurrentSession(), limited);
  plan = {
    ctx,
    tags,
    guest,
    signUp,
    signUpCheck: new ResponseCheck(signUp.name, 201, ['returns the new user']),
    logIn,
    logInCheck: new ResponseCheck(logIn.name, 201, [
      'returns a session of the user',
      'carries the session token',
    ]),
    get,
    getCheck: new ResponseCheck(get.name, 200, ['is the signed-in user']),
    logOut,
    logOutCheck: new ResponseCheck(logOut.name, 204),
    sends: {
      signUp: { ...signUp.params },
      logIn: { ...logIn.params, jar: new http.CookieJar() },
      get: { ...get.params },
      logOut: { ...logOut.params },
    },
  };
  return plan;
}

/** The sign-up addresses of the VU's current scenario (a VU may serve several scenarios in turn). */
let addresses: { ctx: VuContext; scenario: string; of: (iteration: number) => string } | null = null;
function signUpAddressOf(ctx: VuContext, scenario: string): (iteration: number) => string {
  if (addresses === null || addresses.ctx !== ctx || addresses.scenario !== scenario) {
    addresses = { ctx, scenario, of: signUpAddresses(ctx.setup.runId, scenario) };
  }
  return addresses.of;
}

export function runAuth(config: Config, data: unknown, tags: Record<string, string> = NO_TAGS): void {
  const p = planFor(vuContext(config, data), tags);
  const { ctx } = p;
  const scenario = exec.scenario;
  const name = scenario.name;
  const iteration = scenario.iterationInTest;
  const email = ctx.identity.signupEmail(name, ctx.vu, iteration);
  // CLIENT_IPS=per-vu: every sign-up comes from a fresh simulated client, whose budgets (sign-up and logout
  // per IP) are untouched, so there is nothing to keep; CLIENT_IPS=single: one client, budgets kept as for writes.
  const fresh = config.clientIps === 'per-vu';
  const address = fresh ? signUpAddressOf(ctx, name)(iteration) : ctx.address;
  const guest = fresh ? clientHeaders(config.projectId, null, address) : p.guest;

  if (!fresh && !mayCall(config, p.signUp.name, AUTH_MAX_WAIT_SECONDS)) return;
  const signUpBody = createAccount('unique()', email, BENCH_PASSWORD, ctx.identity.userName).body;
  const { sends } = p;
  sends.signUp.headers = guest;
  const created = sendPrepared(p.signUp, JSON.stringify(signUpBody), sends.signUp);
  observeBudget(p.signUp.name, created.rateLimit);
  const user = p.signUpCheck.run(created.response, [
    (body) => body.email === email && typeof body.$id === 'string',
  ]);
  if (user === null) return;

  // A fresh local jar (k6 docs "Cookies", Params.jar): the login must not carry a session (1.5+ refuses it,
  // appwrite.md §3 gotcha 1), and the session cookie it sets never reaches the VU's own jar, so the session
  // travels only in X-Fallback-Cookies and later workloads of the iteration keep their pool user.
  const logInBody = JSON.stringify(createEmailSession(email, BENCH_PASSWORD).body);
  sends.logIn.headers = guest;
  sends.logIn.jar = new http.CookieJar();
  const login = sendPrepared(p.logIn, logInBody, sends.logIn);
  const loginHeaders = login.response.headers;
  const session = sessionFromHeaders(
    config.projectId,
    headerValue(loginHeaders, 'X-Fallback-Cookies'),
    headerValue(loginHeaders, 'Set-Cookie'),
  );
  const loggedIn = p.logInCheck.run(login.response, [
    (body) => body.userId === user.$id,
    () => session !== null,
  ]);
  if (loggedIn === null || session === null) return;

  const signedIn = clientHeaders(config.projectId, session, address);
  sends.get.headers = signedIn;
  const account = sendPrepared(p.get, null, sends.get);
  p.getCheck.run(account.response, [(body) => body.$id === user.$id]);

  if (!fresh && !mayCall(config, p.logOut.name, AUTH_MAX_WAIT_SECONDS)) return;
  sends.logOut.headers = signedIn;
  const out = sendPrepared(p.logOut, null, sends.logOut);
  observeBudget(p.logOut.name, out.rateLimit);
  p.logOutCheck.run(out.response);
}
