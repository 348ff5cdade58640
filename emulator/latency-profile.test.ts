// The `appwrite-1.9` latency model: each route in its recorded range, password routes slow.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseCliArgs } from './cli-args.ts';
import { EmulatorOptionsError, startEmulator } from './index.ts';
import { appwrite19Range, latencyModel } from './latency-profile.ts';

describe('latency profiles', () => {
  it('none waits nothing; appwrite-1.9 spans each route family range from its lowest to its highest value', () => {
    assert.equal(latencyModel('none')({ method: 'POST', path: '/v1/account' }), 0);
    const low = latencyModel('appwrite-1.9', () => 0);
    const high = latencyModel('appwrite-1.9', () => 1);
    const signUp = { method: 'POST', path: '/v1/account' };
    const login = { method: 'POST', path: '/v1/account/sessions/email' };
    const users = { method: 'POST', path: '/v1/users' };
    const row = { method: 'GET', path: '/v1/tablesdb/:databaseId/tables/:tableId/rows/:rowId' };
    assert.deepEqual([low(signUp), high(signUp)], [140, 350]);
    assert.deepEqual([low(login), high(login)], [125, 280]);
    assert.deepEqual([low(users), high(users)], [220, 280]);
    assert.deepEqual([low(row), high(row)], [5, 60]);
    assert.ok(appwrite19Range(signUp).minMs > appwrite19Range(row).maxMs, 'password routes are slower');
  });

  it('is refused by name when unknown, in options and on the command line', async () => {
    await assert.rejects(
      // biome-ignore lint/suspicious/noExplicitAny: an invalid value on purpose
      startEmulator({ latencyProfile: 'slow' as any }),
      (e: unknown) =>
        e instanceof EmulatorOptionsError && /latencyProfile.*none, appwrite-1\.9.*`slow`/.test(e.message),
    );
    assert.deepEqual(parseCliArgs(['--latency-profile', 'appwrite-1.9']), { latencyProfile: 'appwrite-1.9' });
    assert.throws(
      () => parseCliArgs(['--latency-profile=fast']),
      /--latency-profile: expected none or appwrite-1\.9, got `fast`/,
    );
  });

  it('delays a sign-up by at least the recorded minimum', async () => {
    const emulator = await startEmulator({ latencyProfile: 'appwrite-1.9' });
    try {
      const started = performance.now();
      const response = await fetch(`${emulator.url}/account`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-appwrite-project': emulator.projectId },
        body: JSON.stringify({ userId: 'unique()', email: 'slow@example.com', password: 'Password123!' }),
      });
      assert.equal(response.status, 201);
      // Timers never fire early by more than a millisecond, so the lower bound is safe on a busy machine.
      assert.ok(performance.now() - started >= 139, 'sign-up waited the recorded minimum');
    } finally {
      await emulator.close();
    }
  });
});
