// The server side of `npm run bench:emulator`, run in its own process so the load generator does not
// share its event loop: `bare` is a node:http server answering one fixed JSON body; `emulator` starts
// the emulator (abuse disabled), provisions a table, a user, a session and one row, and reports how to
// call it. Talks to the parent over the fork IPC channel; exits when told to.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startEmulator } from './index.ts';

export interface TargetInfo {
  readonly url: string;
  readonly rowUrl: string;
  readonly rowsUrl: string;
  readonly headers: Record<string, string>;
  readonly fixedBody: string;
}

async function emulatorTarget(): Promise<{ info: TargetInfo; close: () => Promise<void> }> {
  const emulator = await startEmulator({
    abuse: 'disabled',
    attributeDelayMs: 0,
    limits: { maxDocumentsPerCollection: 10_000_000 },
  });
  const key = {
    'content-type': 'application/json',
    'x-appwrite-project': emulator.projectId,
    'x-appwrite-key': emulator.apiKey,
  };
  const post = async (path: string, body: unknown, headers: Record<string, string> = key) => {
    const response = await fetch(`${emulator.url}${path}`, {
      method: 'POST',
      headers,
      body: JSON.stringify(body),
    });
    if (response.status >= 300)
      throw new Error(`bench setup: POST ${path} answered ${response.status}: ${await response.text()}`);
    return response;
  };
  await post('/tablesdb', { databaseId: 'bench', name: 'bench' });
  await post('/tablesdb/bench/tables', {
    tableId: 'items',
    name: 'items',
    permissions: ['create("users")', 'read("users")'],
    rowSecurity: true,
  });
  await post('/tablesdb/bench/tables/items/columns/string', { key: 'title', size: 128, required: true });
  await post('/tablesdb/bench/tables/items/columns/integer', { key: 'n', required: false });
  await post('/users', { userId: 'bench-user', email: 'bench@example.com', password: 'Password123!' });
  const login = await post(
    '/account/sessions/email',
    { email: 'bench@example.com', password: 'Password123!' },
    {
      'content-type': 'application/json',
      'x-appwrite-project': emulator.projectId,
    },
  );
  const fallback = JSON.parse(login.headers.get('x-fallback-cookies') ?? '{}') as Record<string, string>;
  const cookieName = `a_session_${emulator.projectId}`;
  const session = {
    'content-type': 'application/json',
    'x-appwrite-project': emulator.projectId,
    cookie: `${cookieName}=${fallback[cookieName] ?? ''}`,
  };
  const row = await post(
    '/tablesdb/bench/tables/items/rows',
    { rowId: 'unique()', data: { title: 'hello', n: 1 } },
    session,
  );
  const rowBody = await row.text();
  const rowId = (JSON.parse(rowBody) as { $id: string }).$id;
  return {
    info: {
      url: emulator.url,
      rowUrl: `${emulator.url}/tablesdb/bench/tables/items/rows/${rowId}`,
      rowsUrl: `${emulator.url}/tablesdb/bench/tables/items/rows`,
      headers: session,
      fixedBody: rowBody,
    },
    close: () => emulator.close(),
  };
}

async function bareTarget(body: string): Promise<{ info: TargetInfo; close: () => Promise<void> }> {
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json; charset=UTF-8' });
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  return {
    info: { url, rowUrl: `${url}/row`, rowsUrl: `${url}/rows`, headers: {}, fixedBody: body },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

const kind = process.argv[2];
const target = kind === 'bare' ? await bareTarget(process.argv[3] ?? '{}') : await emulatorTarget();
process.send?.({ ready: target.info });
process.on('message', () => {
  void target.close().then(() => process.exit(0));
});
