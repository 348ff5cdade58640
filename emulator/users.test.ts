// `GET /v1/users` through node-appwrite (each version's SDK major, as sdk.test.ts) and through raw HTTP in
// the exact form the benchmark's teardown sends (lib/api/account.ts `listUsersNamed`): JSON `queries[]`,
// `search`, cursors, ordering, `total=false` on 1.8.1+, and Appwrite's errors for bad queries.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import * as sdk26 from 'node-appwrite';
import * as sdk13 from 'node-appwrite-v13';
import * as sdk17 from 'node-appwrite-v17';
import * as sdk22 from 'node-appwrite-v22';
import { type RunningEmulator, startEmulator } from './index.ts';

type Sdk = typeof sdk26;
type ListUsers = (
  queries?: string[],
  search?: string,
  total?: boolean,
) => Promise<{
  total: number;
  users: { $id: string; name: string; email: string }[];
}>;

const VERSIONS: readonly { version: string; sdk: Sdk; hasTotalParam: boolean }[] = [
  { version: '1.5.0', sdk: sdk13 as unknown as Sdk, hasTotalParam: false },
  { version: '1.7.4', sdk: sdk17 as unknown as Sdk, hasTotalParam: false },
  { version: '1.8.1', sdk: sdk22 as unknown as Sdk, hasTotalParam: true },
  { version: '1.9.6', sdk: sdk26, hasTotalParam: true },
];

const PEOPLE = [
  { id: 'u1', name: 'k6bench run-a', email: 'alpha@example.com' },
  { id: 'u2', name: 'k6bench run-a', email: 'bravo@example.com' },
  { id: 'u3', name: 'k6bench run-b', email: 'charlie@example.com' },
  { id: 'u4', name: 'zed other', email: 'delta@example.org' },
  { id: 'u5', name: 'k6bench run-a', email: 'echo@example.com' },
] as const;

for (const { version, sdk, hasTotalParam } of VERSIONS) {
  describe(`GET /v1/users on the emulator as Appwrite ${version}`, () => {
    let emulator: RunningEmulator;
    let list: ListUsers;
    const Q = sdk.Query;

    before(async () => {
      emulator = await startEmulator({ appwriteVersion: version, abuse: 'disabled' });
      const users = new sdk.Users(
        new sdk.Client().setEndpoint(emulator.url).setProject(emulator.projectId).setKey(emulator.apiKey),
      );
      for (const p of PEOPLE) await users.create(p.id, p.email, undefined, 'Password123!', p.name);
      list = (users.list as unknown as ListUsers).bind(users);
    });
    after(() => emulator.close());

    const ids = (r: { users: { $id: string }[] }) => r.users.map((u) => u.$id);

    it('lists every user in creation order with the total', async () => {
      const all = await list();
      assert.equal(all.total, 5);
      assert.deepEqual(ids(all), ['u1', 'u2', 'u3', 'u4', 'u5']);
      assert.equal(all.users[0]?.email, 'alpha@example.com');
    });

    it('filters with equal / notEqual on name and email, and pages with limit and offset', async () => {
      const named = await list([Q.equal('name', 'k6bench run-a')]);
      assert.deepEqual(ids(named), ['u1', 'u2', 'u5']);
      assert.equal(named.total, 3);
      assert.deepEqual(ids(await list([Q.equal('email', ['bravo@example.com', 'delta@example.org'])])), [
        'u2',
        'u4',
      ]);
      assert.deepEqual(ids(await list([Q.notEqual('name', 'k6bench run-a')])), ['u3', 'u4']);
      const page = await list([Q.equal('name', 'k6bench run-a'), Q.limit(1), Q.offset(1)]);
      assert.deepEqual(ids(page), ['u2']);
      assert.equal(page.total, 3, 'the total counts every match, not the page');
    });

    it('orders and pages with cursorAfter, also from a cursor the filter leaves out', async () => {
      assert.deepEqual(ids(await list([Q.orderDesc('email'), Q.limit(2)])), ['u5', 'u4']);
      assert.deepEqual(ids(await list([Q.orderAsc('name')])), ['u1', 'u2', 'u5', 'u3', 'u4']);
      assert.deepEqual(ids(await list([Q.cursorAfter('u2')])), ['u3', 'u4', 'u5']);
      assert.deepEqual(ids(await list([Q.equal('name', 'k6bench run-a'), Q.cursorAfter('u3')])), ['u5']);
    });

    it('searches ids, emails and names, the last word as a prefix', async () => {
      assert.deepEqual(ids(await list([], 'charlie')), ['u3']);
      assert.deepEqual(ids(await list([], 'zed')), ['u4']);
      assert.deepEqual(ids(await list([], 'ech')), ['u5']);
      assert.deepEqual(ids(await list([Q.limit(2)], 'k6bench')), ['u1', 'u2']);
      assert.deepEqual(ids(await list([], 'nobody')), []);
    });

    it('answers bad queries, unknown attributes and unknown cursors with Appwrite errors', async () => {
      const rejects = (promise: Promise<unknown>, code: number, type: string, message?: RegExp) =>
        assert.rejects(promise, (e: { code?: number; type?: string; message?: string }) => {
          assert.equal(e.code, code);
          assert.equal(e.type, type);
          if (message) assert.match(e.message ?? '', message);
          return true;
        });
      await rejects(list([Q.equal('password', 'x')]), 400, 'general_argument_invalid', /password/);
      await rejects(list(['not json']), 400, 'general_argument_invalid');
      await rejects(list([Q.cursorAfter('nobody')]), 400, 'general_cursor_not_found', /User 'nobody'/);
      await rejects(list([], 'x'.repeat(257)), 400, 'general_argument_invalid', /search/);
    });

    it(`${hasTotalParam ? 'honours' : 'ignores'} total=false / total=0 and ${hasTotalParam ? 'checks' : 'ignores'} its type`, async () => {
      const get = async (query: string) => {
        const response = await fetch(`${emulator.url}/users?${query}`, {
          headers: { 'x-appwrite-project': emulator.projectId, 'x-appwrite-key': emulator.apiKey },
        });
        return { status: response.status, body: (await response.json()) as Record<string, unknown> };
      };
      for (const query of ['total=false', 'total=0']) {
        const { status, body } = await get(query);
        assert.equal(status, 200);
        assert.equal((body.users as unknown[]).length, 5);
        assert.equal(body.total, hasTotalParam ? 0 : 5, query);
      }
      assert.equal((await get('total=true')).body.total, 5);
      const bad = await get('total=maybe');
      assert.equal(bad.status, hasTotalParam ? 400 : 200);
      if (hasTotalParam)
        assert.equal(bad.body.message, 'Invalid `total` param: Value must be a valid boolean');
    });

    it("answers the benchmark teardown's listing and lets it delete each user listed", async () => {
      const equal = JSON.stringify({ method: 'equal', attribute: 'name', values: ['k6bench run-a'] });
      const limit = JSON.stringify({ method: 'limit', values: [100] });
      const url = `${emulator.url}/users?queries[]=${encodeURIComponent(equal)}&queries[]=${encodeURIComponent(limit)}`;
      const headers = { 'x-appwrite-project': emulator.projectId, 'x-appwrite-key': emulator.apiKey };
      const first = await fetch(url, { headers });
      assert.equal(first.status, 200);
      const { users } = (await first.json()) as { users: { $id: string }[] };
      assert.deepEqual(
        users.map((u) => u.$id),
        ['u1', 'u2', 'u5'],
      );
      for (const u of users) {
        const gone = await fetch(`${emulator.url}/users/${u.$id}`, { method: 'DELETE', headers });
        assert.equal(gone.status, 204);
      }
      const again = (await (await fetch(url, { headers })).json()) as { total: number; users: unknown[] };
      assert.deepEqual(again, { total: 0, users: [] });
      const guest = await fetch(url, { headers: { 'x-appwrite-project': emulator.projectId } });
      assert.equal(guest.status, 401, 'a guest lacks users.read');
    });
  });
}
