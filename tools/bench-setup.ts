// `npm run bench:setup`: how long setup takes to create and log in a 500-user pool against a server with
// real Appwrite 1.9.0's password latency (the emulator's `--latency-profile appwrite-1.9`: user create
// 220-280 ms, login 125-280 ms). Runs dist/appwrite.js once (k6 when on the PATH, else the sandbox) with
// PROFILE=heavy SCENARIOS=reads (a pool of 500) and `--iterations 1`, so the run is setup, one iteration
// and teardown. A loopback proxy in front of the emulator notes when each pool request arrived and was
// answered: setup's pool time is the first user create to the last login answer.
// Flags: --pool-profile P (heavy) picks the profile whose pool is created (normal: 60 users).
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmulator } from '../emulator/index.ts';
import { startObservingProxy } from './observing-proxy.ts';
import { findRunner, runSuite } from './run-suite.ts';

const CREATE = /^\/v1\/users$/;
const LOGIN = /^\/v1\/account\/sessions\/email$/;

const profileIndex = process.argv.indexOf('--pool-profile');
const profile = profileIndex >= 0 ? (process.argv[profileIndex + 1] ?? '') : 'heavy';
if (!['heavy', 'normal', 'smoke'].includes(profile)) {
  console.error(`bench:setup: --pool-profile expects heavy, normal or smoke, got \`${profile}\``);
  process.exit(2);
}

const emulator = await startEmulator({ port: 0, latencyProfile: 'appwrite-1.9' });
const marks = {
  firstCreate: Number.NaN,
  lastCreate: Number.NaN,
  firstLogin: Number.NaN,
  lastLogin: Number.NaN,
};
let creates = 0;
let logins = 0;
const kindOf = (method: string, url: string) => {
  const path = url.split('?')[0] ?? '';
  return method !== 'POST' ? null : CREATE.test(path) ? 'create' : LOGIN.test(path) ? 'login' : null;
};
const proxy = await startObservingProxy(
  emulator.url,
  ({ method, url }, status) => {
    const kind = kindOf(method, url);
    if (kind === 'create' && status === 201) {
      creates++;
      marks.lastCreate = performance.now();
    }
    if (kind === 'login' && status === 201) {
      logins++;
      marks.lastLogin = performance.now();
    }
  },
  ({ method, url, arrivedMs }) => {
    const kind = kindOf(method, url);
    if (kind === 'create' && Number.isNaN(marks.firstCreate)) marks.firstCreate = arrivedMs;
    if (kind === 'login' && Number.isNaN(marks.firstLogin)) marks.firstLogin = arrivedMs;
  },
);
const proxyUrl = proxy.url;

const runner = findRunner();
const load = loadavg()[0] ?? Number.NaN;
const out = mkdtempSync(join(tmpdir(), 'bench-setup-'));
const started = performance.now();
const run = await runSuite(
  runner,
  {
    APPWRITE_ENDPOINT: proxyUrl,
    APPWRITE_PROJECT_ID: emulator.projectId,
    APPWRITE_API_KEY: emulator.apiKey,
    PROFILE: profile,
    SCENARIOS: 'reads',
  },
  join(out, 'results'),
  ['--vus', '1', '--iterations', '1'],
);
const wall = (performance.now() - started) / 1000;
const seen = emulator.inFlight().maxByRoute;
await proxy.close();
await emulator.close();
rmSync(out, { recursive: true, force: true });

const seconds = (from: number, to: number) => ((to - from) / 1000).toFixed(1);
console.log(
  `runner ${runner.kind}, node ${process.version}, ${cpus().length} CPUs (${cpus()[0]?.model ?? 'unknown'}), 1-min load average at start ${load.toFixed(2)}`,
);
console.log(`exit ${run.exitCode}; whole run (init, setup, 1 iteration, teardown) ${wall.toFixed(1)} s`);
console.log(
  `pool of ${creates} users (PROFILE=${profile}): created in ${seconds(marks.firstCreate, marks.lastCreate)} s, logged in in ${seconds(marks.firstLogin, marks.lastLogin)} s, first create to last login ${seconds(marks.firstCreate, marks.lastLogin)} s (${logins} logins)`,
);
console.log(
  `most at once on the server: ${seen['POST /v1/users'] ?? 0} creates, ${seen['POST /v1/account/sessions/email'] ?? 0} logins`,
);
if (run.exitCode !== 0) {
  console.error(`bench:setup: the run exited ${run.exitCode}:\n${run.stderrTail}`);
  process.exit(1);
}
