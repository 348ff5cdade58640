// `npm run bench:emulator`: requests/s and p99 of GET row (with a session) and POST row on the emulator,
// beside a bare node:http server answering the same fixed JSON body, all under the same load generator
// (keep-alive agent, fixed concurrency, fixed duration), loopback only. Abuse is disabled on the
// emulator (as Appwrite's own CI benchmark runs it): 120 creates per minute per user would otherwise cap
// POST at 2/s. Servers run in a child process; the generator runs here.
import { type ChildProcess, fork } from 'node:child_process';
import { request } from 'node:http';
import { cpus, loadavg } from 'node:os';
import type { TargetInfo } from './bench-target.ts';
import { type LoadResult, type LoadSpec, runLoad } from './load-generator.ts';

const CONCURRENCY = 32;
const ROUND_MS = 3_000;
const ROUNDS = 3;
const WARMUP_MS = 2_000;

async function startTarget(args: string[]): Promise<{ child: ChildProcess; info: TargetInfo }> {
  const child = fork(new URL('./bench-target.ts', import.meta.url), args, {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const info = await new Promise<TargetInfo>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('bench target did not start within 30 s')), 30_000);
    child.once('message', (message) => {
      clearTimeout(timer);
      resolve((message as { ready: TargetInfo }).ready);
    });
    child.once('exit', (code) => reject(new Error(`bench target exited with ${code}`)));
  });
  return { child, info };
}

async function stopTarget(child: ChildProcess): Promise<void> {
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.send('stop');
  await exited;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

const emulator = await startTarget(['emulator']);
const bare = await startTarget(['bare', emulator.info.fixedBody]);
let counter = 0;
const cases: { name: string; spec: LoadSpec; results: LoadResult[] }[] = [
  {
    name: 'bare node:http, fixed JSON body (GET)',
    spec: {
      url: bare.info.rowUrl,
      method: 'GET',
      headers: {},
      concurrency: CONCURRENCY,
      durationMs: ROUND_MS,
      expectStatus: 200,
    },
    results: [],
  },
  {
    name: 'emulator GET row (session cookie)',
    spec: {
      url: emulator.info.rowUrl,
      method: 'GET',
      headers: emulator.info.headers,
      concurrency: CONCURRENCY,
      durationMs: ROUND_MS,
      expectStatus: 200,
    },
    results: [],
  },
  {
    name: 'emulator POST row (session cookie)',
    spec: {
      url: emulator.info.rowsUrl,
      method: 'POST',
      headers: emulator.info.headers,
      body: () => JSON.stringify({ rowId: 'unique()', data: { title: `row ${counter++}`, n: counter } }),
      concurrency: CONCURRENCY,
      durationMs: ROUND_MS,
      expectStatus: 201,
    },
    results: [],
  },
];
/** One POST row on a connection of its own (no agent): ms until the whole answer arrived. */
function freshPost(): Promise<number> {
  const started = performance.now();
  const body = JSON.stringify({ rowId: 'unique()', data: { title: `burst ${counter++}`, n: counter } });
  return new Promise((resolve, reject) => {
    const req = request(
      emulator.info.rowsUrl,
      {
        method: 'POST',
        agent: false,
        headers: { ...emulator.info.headers, 'content-type': 'application/json' },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(performance.now() - started));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/**
 * Issue 8's stall: BURST new connections opened at once (writers waking after a budget wait) while
 * BUSY keep-alive clients saturate the emulator with reads. Reports how long the new connections' writes took.
 */
const BUSY = 250;
const BURST = 150;
async function connectionBurst(): Promise<{ p50: number; max: number; busyRps: number }> {
  const busy = runLoad({
    url: emulator.info.rowUrl,
    method: 'GET',
    headers: emulator.info.headers,
    concurrency: BUSY,
    durationMs: 6_000,
    expectStatus: 200,
  });
  await new Promise((resolve) => setTimeout(resolve, 2_000));
  const times = await Promise.all(Array.from({ length: BURST }, () => freshPost()));
  const result = await busy;
  const sorted = times.sort((a, b) => a - b);
  return {
    p50: sorted[Math.floor(sorted.length / 2)] ?? 0,
    max: sorted[sorted.length - 1] ?? 0,
    busyRps: result.rps,
  };
}

let burst: { p50: number; max: number; busyRps: number } | null = null;
const load = loadavg()[0] ?? Number.NaN;
try {
  for (const c of cases) await runLoad({ ...c.spec, durationMs: WARMUP_MS });
  // Rounds interleave the cases so that noise from other work on the machine hits all of them alike.
  for (let round = 0; round < ROUNDS; round++) {
    for (const c of cases) c.results.push(await runLoad(c.spec));
  }
  burst = await connectionBurst();
} finally {
  await stopTarget(bare.child);
  await stopTarget(emulator.child);
}

const bareRps = median(cases[0]?.results.map((r) => r.rps) ?? []);
console.log(
  `node ${process.version}, ${cpus().length} CPUs (${cpus()[0]?.model ?? 'unknown'}), 1-min load average at start ${load.toFixed(2)}`,
);
console.log(
  `concurrency ${CONCURRENCY}, keep-alive, ${ROUNDS} interleaved rounds of ${ROUND_MS / 1000} s per case after ${WARMUP_MS / 1000} s warm-up; medians over rounds`,
);
console.log(
  '| case | requests | unexpected status | req/s (median) | req/s (min–max) | p50 ms | p99 ms | vs bare req/s |',
);
console.log('|---|---:|---:|---:|---:|---:|---:|---:|');
for (const c of cases) {
  const rps = c.results.map((r) => r.rps);
  const m = median(rps);
  console.log(
    `| ${c.name} | ${c.results.reduce((a, r) => a + r.requests, 0)} | ${c.results.reduce((a, r) => a + r.unexpected, 0)} | ${m.toFixed(0)} | ${Math.min(...rps).toFixed(0)}–${Math.max(...rps).toFixed(0)} | ${median(c.results.map((r) => r.p50Ms)).toFixed(2)} | ${median(c.results.map((r) => r.p99Ms)).toFixed(2)} | ${((100 * m) / bareRps).toFixed(0)} % |`,
  );
}
if (burst !== null)
  console.log(
    `burst: ${BURST} POST row on new connections during ${BUSY} busy keep-alive GET clients (${burst.busyRps.toFixed(0)} req/s): p50 ${burst.p50.toFixed(0)} ms, max ${burst.max.toFixed(0)} ms`,
  );
