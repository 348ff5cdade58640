// What real 1.9.0 changed that the 1.8.x dialect keeps as before (recorded in
// ../shared/fixtures/appwrite-1.9.0/; the replay test covers the 1.9.0 side exchange by exchange).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { startEmulator } from './index.ts';

async function scenario(version: string) {
  const emulator = await startEmulator({ appwriteVersion: version, attributeDelayMs: 0 });
  const key = {
    'content-type': 'application/json',
    'x-appwrite-project': emulator.projectId,
    'x-appwrite-key': emulator.apiKey,
  };
  const call = async (
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = key,
  ) => {
    const response = await fetch(`${emulator.url}${path}`, {
      method,
      headers,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return {
      status: response.status,
      headers: response.headers,
      body: (await response.json()) as Record<string, unknown>,
    };
  };
  try {
    await call('POST', '/tablesdb', { databaseId: 'd', name: 'd' });
    await call('POST', '/tablesdb/d/tables', { tableId: 't', name: 't', permissions: [] });
    await call('POST', '/tablesdb/d/tables/t/columns/string', { key: 's', size: 8, required: false });
    const row = await call('POST', '/tablesdb/d/tables/t/rows', { rowId: 'r', data: {} });
    const user = await call('POST', '/users', {
      userId: 'u',
      email: 'u@example.com',
      password: 'Password123!',
    });
    const wrongKey = await call('GET', '/users', undefined, { ...key, 'x-appwrite-key': 'standard_wrong' });
    const noProject = await call('GET', '/users', undefined, { 'x-appwrite-key': emulator.apiKey });
    const badQuery = await call('GET', '/tablesdb/d/tables/t/rows?queries[]=limit(2)');
    return { row, user, wrongKey, noProject, badQuery };
  } finally {
    await emulator.close();
  }
}

describe('1.9.0 differences, with 1.8.x kept as it was', () => {
  it('1.9.0: $sequence a string, hash fields and impersonator, wrong key 401 user_unauthorized, no project 403', async () => {
    const r = await scenario('1.9.0');
    assert.equal(r.row.body.$sequence, '1');
    assert.equal(r.user.body.hash, 'argon2');
    assert.deepEqual(r.user.body.hashOptions, {
      type: 'argon2',
      memory_cost: 65536,
      time_cost: 4,
      threads: 3,
    });
    assert.equal(typeof r.user.body.password, 'string');
    assert.equal(r.user.body.impersonator, false);
    assert.equal(r.user.body.impersonatorUserId, null);
    assert.deepEqual([r.wrongKey.status, r.wrongKey.body.type], [401, 'user_unauthorized']);
    assert.deepEqual([r.noProject.status, r.noProject.body.type], [403, 'project_id_missing']);
    assert.equal(r.noProject.headers.get('server'), 'Utopia/Http');
    assert.deepEqual([r.badQuery.status, r.badQuery.body.type], [400, 'general_query_invalid']);
  });

  it('1.8.x: $sequence a number, no impersonator fields, wrong key is a guest, query errors are argument errors', async () => {
    const r = await scenario('1.8.x');
    assert.equal(r.row.body.$sequence, 1);
    assert.equal('impersonator' in r.user.body, false);
    assert.deepEqual([r.wrongKey.status, r.wrongKey.body.type], [401, 'general_unauthorized_scope']);
    assert.notEqual(r.noProject.body.type, 'project_id_missing');
    assert.deepEqual([r.badQuery.status, r.badQuery.body.type], [400, 'general_argument_invalid']);
  });

  it('1.9.0 counts logins per e-mail as sent and finds the user whatever the case', async () => {
    const emulator = await startEmulator({ attributeDelayMs: 0 });
    try {
      const headers = { 'content-type': 'application/json', 'x-appwrite-project': emulator.projectId };
      const login = (email: string, password: string) =>
        fetch(`${emulator.url}/account/sessions/email`, {
          method: 'POST',
          headers,
          body: JSON.stringify({ email, password }),
        });
      await fetch(`${emulator.url}/users`, {
        method: 'POST',
        headers: { ...headers, 'x-appwrite-key': emulator.apiKey },
        body: JSON.stringify({ userId: 'mc', email: 'mixed@example.com', password: 'Password123!' }),
      });
      const wrong = await login('mixed@example.com', 'wrong-password');
      assert.equal(wrong.status, 401);
      assert.equal(wrong.headers.get('x-ratelimit-remaining'), '9');
      const again = await login('mixed@example.com', 'wrong-password');
      assert.equal(again.headers.get('x-ratelimit-remaining'), '8');
      const otherCase = await login('Mixed@Example.com', 'Password123!');
      assert.equal(otherCase.status, 201, 'the lookup ignores case');
      assert.equal(otherCase.headers.get('x-ratelimit-remaining'), '9', 'its own budget: the e-mail as sent');
    } finally {
      await emulator.close();
    }
  });
});

// Issue 11 ("Lists"): real 1.9.0 accepted `limit` 5001 and refused 0. No recording holds the 5001 case,
// so this pins what the issue reported from the real server.
describe('1.9.0 list limits', () => {
  it('rows: accepts limit 5001 and refuses limit 0 with 400 general_query_invalid', async () => {
    const emulator = await startEmulator({ appwriteVersion: '1.9.0', attributeDelayMs: 0 });
    const headers = {
      'content-type': 'application/json',
      'x-appwrite-project': emulator.projectId,
      'x-appwrite-key': emulator.apiKey,
    };
    const post = (path: string, body: unknown) =>
      fetch(`${emulator.url}${path}`, { method: 'POST', headers, body: JSON.stringify(body) });
    const list = async (limit: number) => {
      const query = encodeURIComponent(JSON.stringify({ method: 'limit', values: [limit] }));
      const response = await fetch(`${emulator.url}/tablesdb/d/tables/t/rows?queries[]=${query}`, {
        headers,
      });
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    };
    try {
      assert.equal((await post('/tablesdb', { databaseId: 'd', name: 'd' })).status, 201);
      assert.equal(
        (await post('/tablesdb/d/tables', { tableId: 't', name: 't', permissions: [] })).status,
        201,
      );
      const large = await list(5001);
      assert.equal(large.status, 200, JSON.stringify(large.body));
      const zero = await list(0);
      assert.equal(zero.status, 400, JSON.stringify(zero.body));
      assert.equal(zero.body.type, 'general_query_invalid');
    } finally {
      await emulator.close();
    }
  });
});
