// Fault injection is observable: injected errors hit only the chosen family and leave state untouched;
// latency follows the configured mean and jitter (checked on the computed delay, not on wall time).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Faults } from './faults.ts';
import { startEmulator } from './index.ts';

describe('Faults', () => {
  it('draws latency uniformly between 0.5x and 1.5x the mean, per family with a global fallback', () => {
    const draws = [0, 0.5, 0.999];
    let i = 0;
    const faults = new Faults(
      { latencyMs: 100, writes: { latencyMs: 10 } },
      () => draws[i++ % draws.length] as number,
    );
    assert.deepEqual(
      [faults.delayFor('reads'), faults.delayFor('reads'), faults.delayFor('reads')],
      [50, 100, 149.9],
    );
    assert.equal(faults.delayFor('writes'), 5);
    assert.equal(faults.delayFor('none'), 0);
    assert.equal(new Faults(undefined).active, false);
  });

  it('injects errors at the configured rate and splits them between 500 and 503', () => {
    // Each request draws once for "error or not" and, when erroring, once for 500 vs 503.
    const draws = [0.1, 0.2, 0.9, 0.3, 0.7];
    let i = 0;
    const faults = new Faults({ errorRate: 0.5, writes: { errorRate: 0 } }, () => draws[i++] as number);
    assert.equal(faults.errorFor('auth')?.code, 500);
    assert.equal(faults.errorFor('auth'), undefined);
    assert.equal(faults.errorFor('reads')?.code, 503);
    assert.equal(faults.errorFor('writes'), undefined);
    assert.equal(i, 5);
  });
});

describe('fault injection through HTTP', () => {
  it('answers every write 500/503 with an Appwrite body while reads and auth keep working', async () => {
    const emulator = await startEmulator({ attributeDelayMs: 0, faults: { writes: { errorRate: 1 } } });
    try {
      const headers = {
        'content-type': 'application/json',
        'x-appwrite-project': emulator.projectId,
        'x-appwrite-key': emulator.apiKey,
      };
      const statuses = new Set<number>();
      for (let i = 0; i < 20; i++) {
        const response = await fetch(`${emulator.url}/databases`, {
          method: 'POST',
          headers,
          body: JSON.stringify({ databaseId: `d${i}`, name: 'd' }),
        });
        statuses.add(response.status);
        const body = (await response.json()) as { type: string; version: string };
        assert.ok(['general_server_error', 'general_service_disabled'].includes(body.type));
        assert.equal(body.version, '1.9.0');
      }
      assert.ok([...statuses].every((s) => s === 500 || s === 503));
      // Nothing was created: the read family is healthy and finds no database.
      const read = await fetch(`${emulator.url}/databases/d0`, { headers });
      assert.equal(read.status, 404);
      // Signed up as a client: the key lacks `sessions.write` (recorded 1.9.0, abuse.jsonl seq 14).
      const { 'x-appwrite-key': _key, ...clientHeaders } = headers;
      const signup = await fetch(`${emulator.url}/account`, {
        method: 'POST',
        headers: clientHeaders,
        body: JSON.stringify({ userId: 'unique()', email: 'f@example.com', password: 'Password123!' }),
      });
      assert.equal(signup.status, 201);
      const version = await fetch(`${emulator.url}/health/version`);
      assert.equal(version.status, 200);
    } finally {
      await emulator.close();
    }
  });

  it('spares API-key callers with callers: clients, so setup and teardown work while client traffic fails', async () => {
    const emulator = await startEmulator({ faults: { errorRate: 1, callers: 'clients' } });
    try {
      const project = { 'x-appwrite-project': emulator.projectId, 'content-type': 'application/json' };
      const keyed = await fetch(`${emulator.url}/users`, {
        method: 'POST',
        headers: { ...project, 'x-appwrite-key': emulator.apiKey },
        body: JSON.stringify({ userId: 'u1', email: 'u1@example.com', password: 'Password123!' }),
      });
      assert.equal(keyed.status, 201);
      const client = await fetch(`${emulator.url}/account/sessions/email`, {
        method: 'POST',
        headers: project,
        body: JSON.stringify({ email: 'u1@example.com', password: 'Password123!' }),
      });
      assert.ok(client.status === 500 || client.status === 503, `client request answered ${client.status}`);
    } finally {
      await emulator.close();
    }
    await assert.rejects(
      startEmulator({ faults: { callers: 'some' as 'all' } }),
      /invalid faults\.callers: expected 'all' or 'clients', got `some`/,
    );
  });

  it('rejects fault settings out of range', async () => {
    await assert.rejects(startEmulator({ faults: { errorRate: 2 } }), /faults\.errorRate/);
    await assert.rejects(startEmulator({ faults: { reads: { latencyMs: -1 } } }), /faults\.reads\.latencyMs/);
  });
});
