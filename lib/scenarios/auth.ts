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
import { send } from '../api/client.ts';
import { clientHeaders, headerValue } from '../api/headers.ts';
import { sessionFromHeaders } from '../api/session.ts';
import { signUpAddress } from '../client-address.ts';
import type { Config } from '../config/parse.ts';
import { BENCH_PASSWORD } from '../identity.ts';
import { checkResponse } from './checks.ts';
import { mayCall, observeBudget, vuContext } from './vu.ts';

export const AUTH_MAX_WAIT_SECONDS = 10;

export function runAuth(config: Config, data: unknown, tags: Record<string, string> = {}): void {
  const ctx = vuContext(config, data, tags);
  const email = ctx.identity.signupEmail(exec.scenario.name, exec.vu.idInTest, exec.scenario.iterationInTest);
  // CLIENT_IPS=per-vu: every sign-up comes from a fresh simulated client, whose budgets (sign-up and logout
  // per IP) are untouched, so there is nothing to keep; CLIENT_IPS=single: one client, budgets kept as for writes.
  const fresh = config.clientIps === 'per-vu';
  const address = fresh
    ? signUpAddress(ctx.setup.runId, exec.scenario.name, exec.scenario.iterationInTest)
    : ctx.address;
  const guest = clientHeaders(config.projectId, null, address);

  const signUp = createAccount('unique()', email, BENCH_PASSWORD, ctx.identity.userName);
  if (!fresh && !mayCall(config, signUp.name, AUTH_MAX_WAIT_SECONDS)) return;
  const created = send(config.endpoint, signUp, { headers: guest, tags });
  observeBudget(signUp.name, created.rateLimit);
  const user = checkResponse(signUp.name, created.response, 201, {
    'returns the new user': (body) => body.email === email && typeof body.$id === 'string',
  });
  if (user === null) return;

  // A fresh local jar (k6 docs "Cookies", Params.jar): the login must not carry a session (1.5+ refuses it,
  // appwrite.md §3 gotcha 1), and the session cookie it sets never reaches the VU's own jar, so the session
  // travels only in X-Fallback-Cookies and later workloads of the iteration keep their pool user.
  const logIn = createEmailSession(email, BENCH_PASSWORD);
  const login = send(config.endpoint, logIn, { headers: guest, tags, jar: new http.CookieJar() });
  const session = sessionFromHeaders(
    config.projectId,
    headerValue(login.response.headers, 'X-Fallback-Cookies'),
    headerValue(login.response.headers, 'Set-Cookie'),
  );
  const loggedIn = checkResponse(logIn.name, login.response, 201, {
    'returns a session of the user': (body) => body.userId === user.$id,
    'carries the session token': () => session !== null,
  });
  if (loggedIn === null || session === null) return;

  const signedIn = clientHeaders(config.projectId, session, address);
  const get = getAccount();
  const account = send(config.endpoint, get, { headers: signedIn, tags });
  checkResponse(get.name, account.response, 200, {
    'is the signed-in user': (body) => body.$id === user.$id,
  });

  const logOut = deleteCurrentSession();
  if (!fresh && !mayCall(config, logOut.name, AUTH_MAX_WAIT_SECONDS)) return;
  const out = send(config.endpoint, logOut, { headers: signedIn, tags });
  observeBudget(logOut.name, out.rateLimit);
  checkResponse(logOut.name, out.response, 204);
}
