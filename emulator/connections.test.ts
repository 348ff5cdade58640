import assert from 'node:assert/strict';
import { fork } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { connect, type Socket } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  EmulatorOptionsError,
  KEEP_ALIVE_MS,
  LISTEN_BACKLOG,
  type RunningEmulator,
  SERVER_TIMEOUTS,
  startEmulator,
} from './index.ts';

function get(url: string, agent: Agent): Promise<{ status: number; reused: boolean }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { agent }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, reused: req.reusedSocket }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('emulator connections and route latency', () => {
  let emulator: RunningEmulator;
  before(async () => {
    emulator = await startEmulator({ port: 0, routeLatencyMs: { 'POST /v1/users': 300 } });
  });
  after(() => emulator.close());

  it('keeps an idle keep-alive connection past 5 s (clients wait up to 61 s between writes)', async () => {
    assert.ok(KEEP_ALIVE_MS > 61_000);
    assert.ok(SERVER_TIMEOUTS.headersTimeout > SERVER_TIMEOUTS.keepAliveTimeout);
    assert.equal(SERVER_TIMEOUTS.keepAliveTimeout, KEEP_ALIVE_MS);
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      assert.deepEqual(await get(`${emulator.url}/health/version`, agent), { status: 200, reused: false });
      // With the old 5 s, Node 20 closed idle connections after about 6 s (npm run bench:connections).
      await sleep(7_000);
      assert.deepEqual(await get(`${emulator.url}/health/version`, agent), { status: 200, reused: true });
    } finally {
      agent.destroy();
    }
  });

  it('--latency-ms-route delays that route for every caller, API-key callers included', async () => {
    const started = performance.now();
    const response = await fetch(`${emulator.url}/users`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-appwrite-project': emulator.projectId,
        'x-appwrite-key': emulator.apiKey,
      },
      body: JSON.stringify({ userId: 'slow', email: 'slow@example.com', password: 'Password123!' }),
    });
    assert.equal(response.status, 201);
    assert.ok(performance.now() - started >= 295, 'answered before the route latency');
  });

  it('inFlight() counts requests held at once, per route template', async () => {
    const create = (id: string) =>
      fetch(`${emulator.url}/users`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-appwrite-project': emulator.projectId,
          'x-appwrite-key': emulator.apiKey,
        },
        body: JSON.stringify({ userId: id, email: `${id}@example.com`, password: 'Password123!' }),
      });
    const before = emulator.inFlight().maxByRoute['POST /v1/users'] ?? 0;
    const answers = await Promise.all(['a1', 'a2', 'a3'].map(create)); // each held 300 ms
    assert.deepEqual(
      answers.map((a) => a.status),
      [201, 201, 201],
    );
    const counts = emulator.inFlight();
    assert.equal(counts.maxByRoute['POST /v1/users'], Math.max(before, 3));
  });

  it('refuses a route it does not serve', async () => {
    await assert.rejects(
      startEmulator({ port: 0, routeLatencyMs: { 'POST /v1/nothing': 5 } }),
      EmulatorOptionsError,
    );
  });
});

describe('emulator accept queue', () => {
  it('queues a burst of 1000 new connections while its event loop is busy (up to somaxconn)', async () => {
    // Node's default backlog (511) would queue 512 and drop the SYNs of the rest (Linux then retries
    // them after 1, 3, 7 … s). The kernel caps the backlog at net.core.somaxconn.
    const somaxconn = Number(readFileSync('/proc/sys/net/core/somaxconn', 'utf8'));
    const burst = 1_000;
    assert.ok(LISTEN_BACKLOG >= burst);
    // Where the kernel caps the queue below the burst, only the cap can be checked.
    const expected = Math.min(burst, somaxconn + 1);
    const child = fork(new URL('./blockable-emulator.ts', import.meta.url), [], {
      execArgv: ['--import', 'tsx'],
    });
    const sockets: Socket[] = [];
    try {
      const port = await new Promise<number>((resolve) =>
        child.once('message', (m) => resolve((m as { port: number }).port)),
      );
      child.send({ blockMs: 2_000 });
      await new Promise((resolve) => child.once('message', resolve));
      let connected = 0;
      for (let i = 0; i < burst; i++) {
        const socket = connect(port, '127.0.0.1');
        socket.on('connect', () => connected++);
        socket.on('error', () => {});
        sockets.push(socket);
      }
      await sleep(700); // before the first SYN retransmission (1 s) and the end of the block (2 s)
      assert.equal(connected, expected);
    } finally {
      for (const socket of sockets) socket.destroy();
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.send({ stop: true });
      await exited;
    }
  });
});
