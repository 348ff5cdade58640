// The fake Appwrite 1.8 answers every route the workloads call, shaped as Appwrite answers them (abuse
// headers only on the limited routes, as k6 canonicalises their names). Bodies depend on the request
// only where a check compares them with it (the created record's title, the new user's email); they are
// built by string slicing so the fake stays cheap and costs every variant the same.
import type { CannedResponse, Responder } from './fake-k6/state.ts';

const COMMON: Record<string, string> = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Expose-Headers': 'X-Appwrite-Session, X-Fallback-Cookies',
  'Cache-Control': 'no-cache, no-store, must-revalidate',
  'Content-Type': 'application/json; charset=UTF-8',
  Date: 'Tue, 01 Dec 2026 23:00:00 GMT',
  Server: 'Appwrite',
  'X-Content-Type-Options': 'nosniff',
  'X-Debug-Speed': '0.0021',
};

function limited(limit: number): Record<string, string> {
  return {
    ...COMMON,
    // A budget whose window has just turned: every response is read and fed to the budget, but the client
    // never waits or skips (sleeps cost no CPU and are not what is measured).
    'X-Ratelimit-Limit': String(limit),
    'X-Ratelimit-Remaining': String(limit - 1),
    'X-Ratelimit-Reset': String(Math.floor(Date.now() / 1000) - 5),
  };
}

const RECORD_META =
  '"$sequence":"1","$tableId":"c","$databaseId":"d","$createdAt":"2026-12-01T23:00:00.000+00:00","$updatedAt":"2026-12-01T23:00:00.000+00:00","$permissions":[]';

function row(id: string, index: number): string {
  return `{"$id":"${id}","title":"seed ${index}","score":${index},"active":true,${RECORD_META}}`;
}

const LIST_BODY = `{"total":10,"rows":[${Array.from({ length: 10 }, (_, i) => row(`s-${i}`, i)).join(',')}]}`;

const USER_ID = 'u6650b7c1d2e3f4a5';
const SESSION =
  'eyJpZCI6IjY2NTBiN2MxZDJlM2Y0YTUiLCJzZWNyZXQiOiJhYmNkZWYwMTIzNDU2Nzg5YWJjZGVmMDEyMzQ1Njc4OSJ9';

function between(text: string, start: string, end: string): string {
  const from = text.indexOf(start);
  if (from < 0) return '';
  const to = text.indexOf(end, from + start.length);
  return text.slice(from + start.length, to);
}

export function appwriteResponder(projectId: string): Responder {
  const rowsCreated = limited(120);
  const signUps = limited(10_000);
  const logins = {
    ...limited(10),
    'X-Fallback-Cookies': JSON.stringify({ [`a_session_${projectId}`]: SESSION }),
    'Set-Cookie': `a_session_${projectId}=${SESSION}; expires=Wed, 01 Dec 2027 23:00:00 GMT; path=/; httponly`,
  };
  const logouts = limited(10_000);
  const gotRows = new Map<string, CannedResponse>();
  const list: CannedResponse = { status: 200, body: LIST_BODY, headers: COMMON };
  const account: CannedResponse = {
    status: 200,
    body: `{"$id":"${USER_ID}","name":"k6bench","email":"x@k6bench.example.com","status":true,"prefs":{}}`,
    headers: COMMON,
  };
  const session: CannedResponse = {
    status: 201,
    body: `{"$id":"s1","userId":"${USER_ID}","secret":"","provider":"email","current":true}`,
    headers: logins,
  };
  const loggedOut: CannedResponse = { status: 204, body: '', headers: logouts };
  const notFound: CannedResponse = {
    status: 404,
    body: '{"message":"not found","code":404}',
    headers: COMMON,
  };

  return (method, url, body) => {
    const path = url.slice(url.indexOf('/v1/') + 3);
    if (method === 'GET' && path.includes('/rows')) {
      if (path.includes('?')) return list;
      let got = gotRows.get(path);
      if (!got) {
        got = { status: 200, body: row(path.slice(path.lastIndexOf('/') + 1), 1), headers: COMMON };
        gotRows.set(path, got);
      }
      return got;
    }
    if (method === 'POST' && path.endsWith('/rows')) {
      const data = between(body ?? '', '"data":{', '}');
      return { status: 201, body: `{"$id":"r6650b7c1",${data},${RECORD_META}}`, headers: rowsCreated };
    }
    if (method === 'POST' && path === '/account') {
      const email = between(body ?? '', '"email":"', '"');
      return {
        status: 201,
        body: `{"$id":"${USER_ID}","name":"k6bench","email":"${email}","status":true,"prefs":{}}`,
        headers: signUps,
      };
    }
    if (method === 'POST' && path === '/account/sessions/email') return session;
    if (method === 'GET' && path === '/account') return account;
    if (method === 'DELETE' && path === '/account/sessions/current') return loggedOut;
    return notFound;
  };
}
