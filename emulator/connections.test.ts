import assert from 'node:assert/strict';
import { Agent, request } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { EmulatorOptionsError, KEEP_ALIVE_MS, type RunningEmulator, startEmulator } from './index.ts';

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
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      assert.deepEqual(await get(`${emulator.url}/health/version`, agent), { status: 200, reused: false });
      await sleep(6_000); // Node's and the old emulator's 5 s would have closed it by now
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
