// The same requests as the suite's workloads (TablesDB, Appwrite 1.8), as the shortest k6 script would
// send them: no checks, no tags, no custom metrics. What k6 itself costs per request.
import exec from 'k6/execution';
import http from 'k6/http';

const endpoint = __ENV.APPWRITE_ENDPOINT;
const project = __ENV.APPWRITE_PROJECT_ID;

export function reads(data) {
  const db = `d${data.runId}-${data.instance}`;
  const table = `c${data.runId}-${data.instance}`;
  const session = data.sessions[(exec.vu.idInTest - 1) % data.sessions.length];
  const headers = {
    'Content-Type': 'application/json',
    'X-Appwrite-Project': project,
    'X-Fallback-Cookies': JSON.stringify({ [`a_session_${project}`]: session }),
  };
  const id = `s${data.runId}-${data.instance}-${(exec.scenario.iterationInTest % data.seedCount).toString(36)}`;
  http.get(`${endpoint}/tablesdb/${db}/tables/${table}/rows/${id}`, { headers });
  const queries = `queries%5B%5D=${encodeURIComponent('{"method":"equal","attribute":"active","values":[true]}')}&queries%5B%5D=${encodeURIComponent('{"method":"limit","values":[10]}')}`;
  http.get(`${endpoint}/tablesdb/${db}/tables/${table}/rows?${queries}`, { headers });
}

export function writes(data) {
  const db = `d${data.runId}-${data.instance}`;
  const table = `c${data.runId}-${data.instance}`;
  const session = data.sessions[(exec.vu.idInTest - 1) % data.sessions.length];
  const headers = {
    'Content-Type': 'application/json',
    'X-Appwrite-Project': project,
    'X-Fallback-Cookies': JSON.stringify({ [`a_session_${project}`]: session }),
  };
  const i = exec.scenario.iterationInTest;
  const body = {
    rowId: 'unique()',
    data: { title: `vu ${exec.vu.idInTest} iteration ${i}`, score: i % 1000000, active: i % 2 === 0 },
  };
  http.post(`${endpoint}/tablesdb/${db}/tables/${table}/rows`, JSON.stringify(body), { headers });
}

export function auth(data) {
  const headers = { 'Content-Type': 'application/json', 'X-Appwrite-Project': project };
  const email = `${data.runId}-${exec.vu.idInTest}-${exec.scenario.iterationInTest}@k6bench.example.com`;
  const password = 'K6bench-Passw0rd!';
  http.post(`${endpoint}/account`, JSON.stringify({ userId: 'unique()', email, password, name: 'k6bench' }), {
    headers,
  });
  const login = http.post(`${endpoint}/account/sessions/email`, JSON.stringify({ email, password }), {
    headers,
    jar: new http.CookieJar(),
  });
  const signedIn = { ...headers, 'X-Fallback-Cookies': login.headers['X-Fallback-Cookies'] };
  http.get(`${endpoint}/account`, { headers: signedIn });
  http.del(`${endpoint}/account/sessions/current`, null, { headers: signedIn });
}
