// Fidelity through the official SDK: each emulated version is driven by the node-appwrite major made for
// it (reference appwrite.md §12: 13 → 1.5, 17 → 1.7, 22 → 1.8, 26 → 1.9), over real HTTP on loopback.
// Every call must parse, and error paths must carry Appwrite's code and type.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import * as sdk26 from 'node-appwrite';
import * as sdk13 from 'node-appwrite-v13';
import * as sdk17 from 'node-appwrite-v17';
import * as sdk22 from 'node-appwrite-v22';
import { type RunningEmulator, startEmulator } from './index.ts';

type Sdk = typeof sdk26;

const PASSWORD = 'Password123!';

async function rejectsWith(promise: Promise<unknown>, code: number, type: string): Promise<void> {
  await assert.rejects(promise, (error: unknown) => {
    const e = error as { code?: unknown; type?: unknown; message?: unknown };
    assert.equal(e.code, code, `expected HTTP ${code}, got ${String(e.code)}: ${String(e.message)}`);
    assert.equal(e.type, type);
    return true;
  });
}

async function pollUntilAvailable(read: () => Promise<{ status: string }>): Promise<number> {
  for (let attempt = 1; attempt <= 100; attempt++) {
    const { status } = await read();
    if (status === 'available') return attempt;
    assert.equal(status, 'processing');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  assert.fail('attribute never became available within 100 polls');
}

const VERSIONS: readonly { version: string; sdk: Sdk; tablesDb: boolean }[] = [
  { version: '1.5.0', sdk: sdk13 as unknown as Sdk, tablesDb: false },
  { version: '1.7.4', sdk: sdk17 as unknown as Sdk, tablesDb: false },
  { version: '1.8.1', sdk: sdk22 as unknown as Sdk, tablesDb: true },
  { version: '1.9.6', sdk: sdk26, tablesDb: true },
];

for (const { version, sdk, tablesDb } of VERSIONS) {
  describe(`node-appwrite against the emulator as Appwrite ${version}`, () => {
    let emulator: RunningEmulator;
    const client = (): InstanceType<Sdk['Client']> =>
      new sdk.Client().setEndpoint(emulator.url).setProject(emulator.projectId);
    const server = () => client().setKey(emulator.apiKey);
    const asUser = (secret: string) => client().setSession(secret);

    before(async () => {
      emulator = await startEmulator({
        appwriteVersion: version,
        attributeDelayMs: 30,
        apiKeySessions: true,
      });
    });
    after(() => emulator.close());

    it('answers GET /v1/health/version without a project', async () => {
      const response = await fetch(`${emulator.url}/health/version`);
      assert.equal(response.status, 200);
      assert.deepEqual(await response.json(), { version });
    });

    it('creates, finds and deletes users with a key; duplicates and unknown ids fail like Appwrite', async () => {
      const users = new sdk.Users(server());
      const created = await users.create('pool-1', 'pool1@example.com', undefined, PASSWORD, 'Pool 1');
      assert.equal(created.$id, 'pool-1');
      assert.equal(created.email, 'pool1@example.com');
      await rejectsWith(
        users.create('pool-1', 'other@example.com', undefined, PASSWORD),
        409,
        'user_already_exists',
      );
      await users.delete('pool-1');
      await rejectsWith(users.delete('pool-1'), 404, 'user_not_found');
      await rejectsWith(
        new sdk.Users(client()).create('x', 'x@example.com'),
        401,
        'general_unauthorized_scope',
      );
    });

    it('signs up and logs in as a client; errors for duplicates, bad passwords and attached sessions', async () => {
      const account = new sdk.Account(client());
      const user = await account.create(sdk.ID.unique(), 'alice@example.com', PASSWORD, 'Alice');
      assert.match(user.$id, /^[a-f0-9]{20}$/);
      await rejectsWith(
        account.create(sdk.ID.unique(), 'alice@example.com', PASSWORD),
        409,
        'user_already_exists',
      );
      await rejectsWith(
        account.createEmailPasswordSession('alice@example.com', 'wrong-password'),
        401,
        'user_invalid_credentials',
      );

      const clientSession = await account.createEmailPasswordSession('alice@example.com', PASSWORD);
      assert.equal(clientSession.userId, user.$id);
      assert.equal(clientSession.secret, '', 'a client never sees the session secret');

      const keySession = await new sdk.Account(server()).createEmailPasswordSession(
        'alice@example.com',
        PASSWORD,
      );
      assert.notEqual(keySession.secret, '', 'a key caller gets the secret (SSR pattern)');
      const me = await new sdk.Account(asUser(keySession.secret)).get();
      assert.equal(me.$id, user.$id);

      await rejectsWith(
        new sdk.Account(asUser(keySession.secret)).createEmailPasswordSession('alice@example.com', PASSWORD),
        401,
        'user_session_already_exists',
      );
      await new sdk.Account(asUser(keySession.secret)).deleteSession('current');
      await rejectsWith(new sdk.Account(asUser(keySession.secret)).get(), 401, 'general_unauthorized_scope');
    });

    it('sets up a database with a key and hides a private document of user A from user B', async () => {
      const db = new sdk.Databases(server());
      await db.create('bench', 'Bench');
      await db.createCollection('bench', 'posts', 'Posts', [sdk.Permission.create(sdk.Role.users())], true);
      const created = await db.createStringAttribute('bench', 'posts', 'title', 64, true);
      assert.equal(created.status, 'processing');
      await db.createIntegerAttribute('bench', 'posts', 'score', false);
      await db.createBooleanAttribute('bench', 'posts', 'published', false);
      const polls = await pollUntilAvailable(
        () => db.getAttribute('bench', 'posts', 'title') as Promise<{ status: string }>,
      );
      assert.ok(polls >= 1);
      await pollUntilAvailable(
        () => db.getAttribute('bench', 'posts', 'published') as Promise<{ status: string }>,
      );

      const keyAccount = new sdk.Account(server());
      const users = new sdk.Users(server());
      await users.create('user-a', 'a@example.com', undefined, PASSWORD);
      await users.create('user-b', 'b@example.com', undefined, PASSWORD);
      const a = new sdk.Databases(
        asUser((await keyAccount.createEmailPasswordSession('a@example.com', PASSWORD)).secret),
      );
      const b = new sdk.Databases(
        asUser((await keyAccount.createEmailPasswordSession('b@example.com', PASSWORD)).secret),
      );

      const doc = await a.createDocument('bench', 'posts', sdk.ID.unique(), {
        title: 'mine',
        score: 3,
        published: true,
      });
      assert.equal(doc.title, 'mine');
      assert.deepEqual(doc.$permissions.sort(), [
        'delete("user:user-a")',
        'read("user:user-a")',
        'update("user:user-a")',
      ]);
      assert.equal((await a.getDocument('bench', 'posts', doc.$id)).$id, doc.$id);
      await rejectsWith(b.getDocument('bench', 'posts', doc.$id), 404, 'document_not_found');
      assert.equal((await b.listDocuments('bench', 'posts')).total, 0);
      const found = await a.listDocuments('bench', 'posts', [
        sdk.Query.equal('title', 'mine'),
        sdk.Query.limit(5),
      ]);
      assert.equal(found.total, 1);
      assert.equal(found.documents[0]?.$id, doc.$id);
      assert.equal((await a.listDocuments('bench', 'posts', [sdk.Query.greaterThan('score', 3)])).total, 0);
      await rejectsWith(a.getDocument('bench', 'posts', 'missing'), 404, 'document_not_found');
      await rejectsWith(
        a.createDocument('bench', 'posts', sdk.ID.unique(), { title: 'x', nope: 1 } as unknown as {
          title: string;
        }),
        400,
        'document_invalid_structure',
      );
      await rejectsWith(b.deleteDocument('bench', 'posts', doc.$id), 404, 'document_not_found');
      await a.deleteDocument('bench', 'posts', doc.$id);
      await rejectsWith(db.getDocument('bench', 'posts', doc.$id), 404, 'document_not_found');
      await rejectsWith(db.get('missing'), 404, 'database_not_found');
      await rejectsWith(db.getCollection('bench', 'missing'), 404, 'collection_not_found');
    });

    if (tablesDb) {
      it('serves TablesDB: columns become available, rows are created, read, listed and deleted', async () => {
        const tables = new sdk.TablesDB(server());
        await tables.create({ databaseId: 'tdb', name: 'TDB' });
        await tables.createTable({
          databaseId: 'tdb',
          tableId: 'items',
          name: 'Items',
          permissions: [sdk.Permission.create(sdk.Role.users()), sdk.Permission.read(sdk.Role.users())],
          rowSecurity: true,
        });
        const column = await tables.createStringColumn({
          databaseId: 'tdb',
          tableId: 'items',
          key: 'name',
          size: 32,
          required: true,
        });
        assert.equal(column.status, 'processing');
        await pollUntilAvailable(
          () =>
            tables.getColumn({ databaseId: 'tdb', tableId: 'items', key: 'name' }) as Promise<{
              status: string;
            }>,
        );
        await new sdk.Users(server()).create('row-user', 'row@example.com', undefined, PASSWORD);
        const session = await new sdk.Account(server()).createEmailPasswordSession(
          'row@example.com',
          PASSWORD,
        );
        const mine = new sdk.TablesDB(asUser(session.secret));
        const row = await mine.createRow({
          databaseId: 'tdb',
          tableId: 'items',
          rowId: sdk.ID.unique(),
          data: { name: 'a' },
        });
        assert.equal(row.$tableId, 'items');
        assert.equal((await mine.getRow({ databaseId: 'tdb', tableId: 'items', rowId: row.$id })).name, 'a');
        const list = await mine.listRows({
          databaseId: 'tdb',
          tableId: 'items',
          queries: [sdk.Query.orderDesc('$createdAt')],
        });
        assert.equal(list.total, 1);
        await rejectsWith(
          mine.getRow({ databaseId: 'tdb', tableId: 'items', rowId: 'nope' }),
          404,
          'row_not_found',
        );
        await mine.deleteRow({ databaseId: 'tdb', tableId: 'items', rowId: row.$id });
        assert.equal((await mine.listRows({ databaseId: 'tdb', tableId: 'items' })).total, 0);
      });

      it(
        version.startsWith('1.9')
          ? 'creates inline columns already available (1.9)'
          : 'ignores inline columns (before 1.9)',
        async () => {
          const tables = new sdk.TablesDB(server());
          await tables.create({ databaseId: 'inline', name: 'Inline' });
          const table = await tables.createTable({
            databaseId: 'inline',
            tableId: 't',
            name: 'T',
            columns: [{ key: 'title', type: 'string', size: 16, required: true }],
          });
          const columns = table.columns as { key: string; status: string }[];
          if (version.startsWith('1.9'))
            assert.deepEqual(
              columns.map((c) => [c.key, c.status]),
              [['title', 'available']],
            );
          else assert.deepEqual(columns, []);
        },
      );
    }
  });
}
