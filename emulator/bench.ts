// `npm run bench:emulator`: requests/s and p99 of GET row (with a session) and POST row on the emulator,
// beside a bare node:http server answering the same fixed JSON body, all under the same load generator
// (keep-alive agent, fixed concurrency, fixed duration), loopback only. Abuse is disabled on the
// emulator (as Appwrite's own CI benchmark runs it): 120 creates per minute per user would otherwise cap
// POST at 2/s. Servers run in a child process; the generator runs here.
import { type ChildProcess, fork } from 'node:child_process';
import { cpus } from 'node:os';
import type { TargetInfo } from './bench-target.ts';
import { type LoadResult, runLoad } from './load-generator.ts';

const CONCURRENCY = 32;
const DURATION_MS = 5_000;
const WARMUP_MS = 3_000;

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

async function measure(
  name: string,
  spec: Parameters<typeof runLoad>[0],
): Promise<LoadResult & { name: string }> {
  await runLoad({ ...spec, durationMs: WARMUP_MS });
  const result = await runLoad(spec);
  return { name, ...result };
}

const rows: (LoadResult & { name: string })[] = [];
const emulator = await startTarget(['emulator']);
let counter = 0;
try {
  const { info } = emulator;
  rows.push(
    await measure('emulator GET row (session cookie)', {
      url: info.rowUrl,
      method: 'GET',
      headers: info.headers,
      concurrency: CONCURRENCY,
      durationMs: DURATION_MS,
      expectStatus: 200,
    }),
  );
  rows.push(
    await measure('emulator POST row (session cookie)', {
      url: info.rowsUrl,
      method: 'POST',
      headers: info.headers,
      body: () => JSON.stringify({ rowId: 'unique()', data: { title: `row ${counter++}`, n: counter } }),
      concurrency: CONCURRENCY,
      durationMs: DURATION_MS,
      expectStatus: 201,
    }),
  );
  const bare = await startTarget(['bare', info.fixedBody]);
  try {
    rows.push(
      await measure('bare node:http, fixed JSON body', {
        url: bare.info.rowUrl,
        method: 'GET',
        headers: {},
        concurrency: CONCURRENCY,
        durationMs: DURATION_MS,
        expectStatus: 200,
      }),
    );
  } finally {
    await stopTarget(bare.child);
  }
} finally {
  await stopTarget(emulator.child);
}

const bareRps = rows.at(-1)?.rps ?? Number.NaN;
console.log(
  `node ${process.version}, ${cpus().length} CPUs (${cpus()[0]?.model ?? 'unknown'}), concurrency ${CONCURRENCY}, ${DURATION_MS / 1000} s per case after ${WARMUP_MS / 1000} s warm-up`,
);
console.log('| case | requests | unexpected status | req/s | p50 ms | p99 ms | vs bare req/s |');
console.log('|---|---:|---:|---:|---:|---:|---:|');
for (const r of rows) {
  console.log(
    `| ${r.name} | ${r.requests} | ${r.unexpected} | ${r.rps.toFixed(0)} | ${r.p50Ms.toFixed(2)} | ${r.p99Ms.toFixed(2)} | ${((100 * r.rps) / bareRps).toFixed(0)} % |`,
  );
}
