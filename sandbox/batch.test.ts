// http.batch in the sandbox sends its requests concurrently, as k6 does: at most min(N, batch,
// batchPerHost) at once to one host (grafana/k6 lib/netext/httpext/batch.go; defaults 20 and 6).
// Observed on the server side: each answer waits DELAY_MS, and the server counts requests in flight.
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { runSandbox } from './index.ts';

const DELAY_MS = 250;
const servers: http.Server[] = [];
let port = 0;
/** Per run key: requests in flight now, the most at once, and the most at once per Host header. */
const runs = new Map<
  string,
  { now: number; max: number; hostNow: Map<string, number>; hostMax: Map<string, number> }
>();

before(async () => {
  const handler: http.RequestListener = (req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const key = url.searchParams.get('run') ?? '';
    const host = req.headers.host ?? '';
    const run = runs.get(key) ?? { now: 0, max: 0, hostNow: new Map(), hostMax: new Map() };
    runs.set(key, run);
    run.now++;
    run.max = Math.max(run.max, run.now);
    const onHost = (run.hostNow.get(host) ?? 0) + 1;
    run.hostNow.set(host, onHost);
    run.hostMax.set(host, Math.max(run.hostMax.get(host) ?? 0, onHost));
    setTimeout(() => {
      run.now--;
      run.hostNow.set(host, (run.hostNow.get(host) ?? 1) - 1);
      res.setHeader('Content-Type', 'application/json');
      res.end(JSON.stringify({ i: Number(url.searchParams.get('i')) }));
    }, DELAY_MS);
  };
  // The same handler on two loopback addresses: two hosts to k6's per-host limiter.
  for (const address of ['127.0.0.1', '127.0.0.2']) {
    const server = http.createServer(handler);
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(port, address, resolve));
    port = (server.address() as AddressInfo).port;
  }
});

after(() => {
  for (const server of servers) {
    server.closeAllConnections();
    server.close();
  }
});

interface Summary {
  metrics: Record<string, { values: Record<string, number> }>;
}

async function batchRun(run: string, env: Record<string, string>) {
  const result = await runSandbox({
    script: fileURLToPath(new URL('./fixtures/batch.js', import.meta.url)),
    quiet: true,
    timeoutMs: 30_000,
    env: { TARGET: `http://127.0.0.1:${port}`, RUN: run, ...env },
  });
  assert.equal(result.exitCode, 0, result.stderr);
  const summary = JSON.parse(result.stdout) as Summary;
  const count = Number(env.COUNT);
  // One http_reqs sample per request (the N of the list, then the 2 named), every check passed.
  assert.equal(summary.metrics.http_reqs?.values.count, count + 2);
  assert.equal(summary.metrics.checks?.values.fails, 0, result.stderr);
  assert.equal(summary.metrics.checks?.values.passes, 2);
  const seen = runs.get(run);
  assert.ok(seen, 'no request reached the server');
  return seen;
}

describe('http.batch is concurrent within k6 batch limits', { concurrency: 2 }, () => {
  test('k6 defaults: 12 requests to one host run 6 at a time (batchPerHost 6)', async () => {
    assert.equal((await batchRun('defaults', { COUNT: '12' })).max, 6);
  });

  test('batchPerHost 20: all 12 at once', async () => {
    assert.equal((await batchRun('per-host-20', { COUNT: '12', BATCH_PER_HOST: '20' })).max, 12);
  });

  test('batch 8 bounds 30 requests below a batchPerHost of 20', async () => {
    const seen = await batchRun('batch-8', { COUNT: '30', BATCH: '8', BATCH_PER_HOST: '20' });
    assert.equal(seen.max, 8);
  });

  test('batchPerHost 3 below batch 20 bounds each host, not the batch', async () => {
    // Two spellings of the same server are two hosts to k6's limiter (keyed by URL host:port).
    const hosts = `http://127.0.0.1:${port},http://127.0.0.2:${port}`;
    const seen = await batchRun('per-host-3', { COUNT: '12', BATCH_PER_HOST: '3', HOSTS: hosts });
    assert.deepEqual([...seen.hostMax.entries()].sort(), [
      [`127.0.0.1:${port}`, 3],
      [`127.0.0.2:${port}`, 3],
    ]);
    assert.equal(seen.max, 6);
  });
});
