// The per-user session cap as real Appwrite runs it (`trimSessionsAfterReply` in handlers/account.ts):
// the 10 newest sessions survive, and the oldest goes only after the login's answer has been sent.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import * as sdk from 'node-appwrite';
import type { AbuseCounters } from './abuse.ts';
import type { Context } from './context.ts';
import { createEmailSession, createUserRecord, MAX_SESSIONS_PER_USER } from './handlers/account.ts';
import { type RunningEmulator, startEmulator } from './index.ts';
import { ProjectStore } from './store.ts';

const PASSWORD = 'Password123!';
const EMAIL = 'cap@example.com';
const LOGINS = 13;

describe('session cap (10 per user)', () => {
  let emulator: RunningEmulator;
  const logins: { id: string; cookie: string }[] = [];

  before(async () => {
    emulator = await startEmulator({ appwriteVersion: '1.9.0', abuse: 'disabled' });
    const users = new sdk.Users(
      new sdk.Client().setEndpoint(emulator.url).setProject(emulator.projectId).setKey(emulator.apiKey),
    );
    await users.create('cap', EMAIL, undefined, PASSWORD);
    for (let i = 0; i < LOGINS; i++) {
      // One login at a time, each after the previous answer, as the 13 logins.
      const res = await fetch(`${emulator.url}/account/sessions/email`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-appwrite-project': emulator.projectId },
        body: JSON.stringify({ email: EMAIL, password: PASSWORD }),
      });
      assert.equal(res.status, 201);
      const body = (await res.json()) as { $id: string };
      logins.push({ id: body.$id, cookie: res.headers.get('x-fallback-cookies') ?? '' });
    }
  });
  after(async () => {
    await emulator.close();
  });

  it('13 sequential logins leave the 10 newest sessions, oldest first (users API)', async () => {
    const users = new sdk.Users(
      new sdk.Client().setEndpoint(emulator.url).setProject(emulator.projectId).setKey(emulator.apiKey),
    );
    const list = await users.listSessions('cap');
    assert.equal(list.total, MAX_SESSIONS_PER_USER);
    assert.deepEqual(
      list.sessions.map((s) => s.$id),
      logins.slice(LOGINS - MAX_SESSIONS_PER_USER).map((l) => l.id),
    );
    assert.ok(list.sessions.every((s) => s.current === false && s.userId === 'cap'));
    const uncounted = await fetch(`${emulator.url}/users/cap/sessions?total=false`, {
      headers: { 'x-appwrite-project': emulator.projectId, 'x-appwrite-key': emulator.apiKey },
    });
    const body = (await uncounted.json()) as { total: number; sessions: unknown[] };
    assert.equal(body.total, 0);
    assert.equal(body.sessions.length, MAX_SESSIONS_PER_USER);
  });

  it('the 3 oldest session tokens no longer authenticate, the 10 newest do', async () => {
    const statuses: number[] = [];
    for (const login of logins) {
      const res = await fetch(`${emulator.url}/account`, {
        headers: { 'x-appwrite-project': emulator.projectId, 'x-fallback-cookies': login.cookie },
      });
      await res.arrayBuffer();
      statuses.push(res.status);
    }
    assert.deepEqual(statuses, [401, 401, 401, ...Array<number>(MAX_SESSIONS_PER_USER).fill(200)]);
  });

  it('GET /v1/account/sessions lists the same 10 and marks only the caller current', async () => {
    const newest = logins.at(-1);
    assert.ok(newest);
    const value = (JSON.parse(newest.cookie) as Record<string, string>)[`a_session_${emulator.projectId}`];
    assert.ok(value);
    const account = new sdk.Account(
      new sdk.Client().setEndpoint(emulator.url).setProject(emulator.projectId).setSession(value),
    );
    const list = await account.listSessions();
    assert.equal(list.total, MAX_SESSIONS_PER_USER);
    assert.deepEqual(
      list.sessions.filter((s) => s.current).map((s) => s.$id),
      [newest.id],
    );
  });

  it('the oldest session goes only after the login has answered (Appwrite trims in a shutdown hook)', async () => {
    const store = new ProjectStore();
    const user = createUserRecord(store, 0, 'u', EMAIL, PASSWORD, undefined);
    const ctx = (body: Record<string, unknown>): Context =>
      ({
        settings: { clock: () => 0, abuse: {} as AbuseCounters },
        store,
        projectId: 'bench',
        caller: { kind: 'guest' },
        path: {},
        body,
        search: new URLSearchParams(),
        ip: '198.18.0.1',
        hasOrigin: false,
      }) as unknown as Context;
    for (let i = 0; i < MAX_SESSIONS_PER_USER + 1; i++) {
      assert.equal(createEmailSession(ctx({ email: EMAIL, password: PASSWORD })).status, 201);
    }
    // The 11th answer exists and the user still holds 11 sessions, as real Appwrite between its
    // answer and its shutdown hook.
    assert.equal(user.sessions.length, MAX_SESSIONS_PER_USER + 1);
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(user.sessions.length, MAX_SESSIONS_PER_USER);
    assert.equal(store.sessionsById.size, MAX_SESSIONS_PER_USER);
  });
});
