// No input makes the emulator crash or answer 500: malformed JSON, wrong types, oversized bodies,
// unknown routes and a bounded, seeded fuzz all get Appwrite-style 4xx bodies, and the server keeps
// answering afterwards.
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { type RunningEmulator, startEmulator } from './index.ts';
import { ROUTES } from './routes.ts';

interface Answer {
  status: number;
  body: Record<string, unknown> | undefined;
}

/** Raw HTTP so bodies can be anything (fetch would refuse some of them). */
function raw(
  emulator: RunningEmulator,
  method: string,
  path: string,
  body: Buffer | string | undefined,
  headers: Record<string, string>,
): Promise<Answer> {
  const url = new URL(`${emulator.url}${path}`);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: url.hostname,
        port: url.port,
        method,
        path: url.pathname + url.search,
        headers: {
          ...headers,
          ...(body === undefined ? {} : { 'content-length': String(Buffer.byteLength(body)) }),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({
            status: res.statusCode ?? 0,
            body: text === '' ? undefined : (JSON.parse(text) as Record<string, unknown>),
          });
        });
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

function assertAppwriteError(answer: Answer, status: number, type: string, version: string): void {
  assert.equal(answer.status, status, JSON.stringify(answer.body));
  assert.deepEqual(Object.keys(answer.body ?? {}).sort(), ['code', 'message', 'type', 'version']);
  assert.equal(answer.body?.code, status);
  assert.equal(answer.body?.type, type);
  assert.equal(answer.body?.version, version);
}

/** mulberry32: a tiny seeded PRNG so the fuzz is the same on every run. */
function prng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('malformed input', () => {
  let emulator: RunningEmulator;
  let json: Record<string, string>;
  let key: Record<string, string>;
  before(async () => {
    emulator = await startEmulator({
      attributeDelayMs: 0,
      limits: { maxBodyBytes: 2048, maxDocumentsPerCollection: 2 },
    });
    json = { 'content-type': 'application/json', 'x-appwrite-project': emulator.projectId };
    key = { ...json, 'x-appwrite-key': emulator.apiKey };
    await raw(emulator, 'POST', '/databases', JSON.stringify({ databaseId: 'd', name: 'd' }), key);
    await raw(
      emulator,
      'POST',
      '/databases/d/collections',
      JSON.stringify({ collectionId: 'c', name: 'c', permissions: ['create("any")', 'read("any")'] }),
      key,
    );
    await raw(
      emulator,
      'POST',
      '/databases/d/collections/c/attributes/integer',
      JSON.stringify({ key: 'n', required: true }),
      key,
    );
  });
  after(() => emulator.close());

  const cases: {
    name: string;
    method: string;
    path: string;
    body?: string;
    status: number;
    type: string;
    asKey?: boolean;
  }[] = [
    {
      name: 'unknown route',
      method: 'GET',
      path: '/nothing/here',
      status: 404,
      type: 'general_route_not_found',
    },
    {
      name: 'known path, wrong method',
      method: 'PUT',
      path: '/account',
      status: 404,
      type: 'general_route_not_found',
    },
    {
      name: 'malformed JSON',
      method: 'POST',
      path: '/account',
      body: '{"userId":',
      status: 400,
      type: 'general_argument_invalid',
    },
    {
      name: 'JSON array body',
      method: 'POST',
      path: '/account',
      body: '[1,2]',
      status: 400,
      type: 'general_argument_invalid',
    },
    {
      name: 'userId of the wrong type',
      method: 'POST',
      path: '/account',
      body: '{"userId":5,"email":"a@b.co","password":"Password123!"}',
      status: 400,
      type: 'general_argument_invalid',
    },
    {
      name: 'invalid email',
      method: 'POST',
      path: '/account',
      body: '{"userId":"u","email":"nope","password":"Password123!"}',
      status: 400,
      type: 'general_argument_invalid',
    },
    {
      name: 'short password',
      method: 'POST',
      path: '/account',
      body: '{"userId":"u","email":"a@b.co","password":"short"}',
      status: 400,
      type: 'general_argument_invalid',
    },
    {
      name: 'boolean given as a number',
      method: 'POST',
      path: '/databases/d/collections/c/attributes/boolean',
      body: '{"key":"b","required":7}',
      status: 400,
      type: 'general_argument_invalid',
      asKey: true,
    },
    {
      name: 'integer attribute value as string',
      method: 'POST',
      path: '/databases/d/collections/c/documents',
      body: '{"documentId":"unique()","data":{"n":"1"}}',
      status: 400,
      type: 'document_invalid_structure',
    },
    {
      name: 'data that is not an object',
      method: 'POST',
      path: '/databases/d/collections/c/documents',
      body: '{"documentId":"unique()","data":[1]}',
      status: 400,
      type: 'general_argument_invalid',
    },
    {
      name: 'query that is not JSON',
      method: 'GET',
      path: '/databases/d/collections/c/documents?queries[]=equal(n)',
      status: 400,
      type: 'general_query_invalid',
    },
    {
      name: 'query on an unknown attribute',
      method: 'GET',
      path: `/databases/d/collections/c/documents?queries[0]=${encodeURIComponent('{"method":"equal","attribute":"x","values":[1]}')}`,
      status: 400,
      type: 'general_query_invalid',
    },
    {
      name: 'unknown cursor',
      method: 'GET',
      path: `/databases/d/collections/c/documents?queries[0]=${encodeURIComponent('{"method":"cursorAfter","values":["gone"]}')}`,
      status: 400,
      type: 'general_cursor_not_found',
    },
    {
      name: 'invalid permission string',
      method: 'POST',
      path: '/databases/d/collections',
      body: '{"collectionId":"x","name":"x","permissions":["read(any)"]}',
      status: 400,
      type: 'general_argument_invalid',
      asKey: true,
    },
    {
      name: 'percent-garbage in a path param',
      method: 'GET',
      path: '/databases/%E0%A4%A',
      status: 404,
      type: 'general_route_not_found',
      asKey: true,
    },
    {
      name: 'unknown project',
      method: 'GET',
      path: '/account?project=ghost',
      status: 404,
      type: 'project_not_found',
    },
    {
      name: 'wrong API key (1.9.0: user_unauthorized, health.jsonl seq 7)',
      method: 'POST',
      path: '/users',
      body: '{"userId":"u"}',
      status: 401,
      type: 'user_unauthorized',
    },
    {
      name: 'console project on a database route',
      method: 'GET',
      path: '/databases/d?project=console',
      status: 401,
      type: 'general_access_forbidden',
    },
  ];
  for (const c of cases) {
    it(`${c.name} → ${c.status} ${c.type}`, async () => {
      const headers = c.asKey
        ? key
        : c.name.startsWith('wrong API key')
          ? { ...json, 'x-appwrite-key': 'wrong' }
          : json;
      assertAppwriteError(await raw(emulator, c.method, c.path, c.body, headers), c.status, c.type, '1.9.0');
    });
  }

  it('accepts form-encoded bodies with PHP array syntax, as k6 sends plain objects', async () => {
    const form = {
      'content-type': 'application/x-www-form-urlencoded',
      'x-appwrite-project': emulator.projectId,
    };
    const signup = await raw(
      emulator,
      'POST',
      '/account',
      'userId=formuser&email=form%40example.com&password=Password123%21',
      form,
    );
    assert.equal(signup.status, 201, JSON.stringify(signup.body));
    assert.equal(signup.body?.email, 'form@example.com');
    const collection = await raw(
      emulator,
      'POST',
      '/databases/d/collections',
      `collectionId=f&name=f&permissions%5B%5D=${encodeURIComponent('read("any")')}&permissions%5B%5D=${encodeURIComponent('create("users")')}`,
      { ...form, 'x-appwrite-key': emulator.apiKey },
    );
    assert.equal(collection.status, 201, JSON.stringify(collection.body));
    assert.deepEqual(collection.body?.$permissions, ['read("any")', 'create("users")']);
  });

  it('falls back to the console project without a project header: sign-up works, databases are forbidden', async () => {
    const plain = { 'content-type': 'application/json' };
    const signup = await raw(
      emulator,
      'POST',
      '/account',
      '{"userId":"c1","email":"c1@example.com","password":"Password123!"}',
      plain,
    );
    assert.equal(signup.status, 201);
    assertAppwriteError(
      await raw(emulator, 'GET', '/databases/d', undefined, plain),
      401,
      'general_access_forbidden',
      '1.9.0',
    );
    // The console's users are not the project's: the same id is still free in the project.
    const again = await raw(emulator, 'POST', '/users', '{"userId":"c1","email":"c1@example.com"}', key);
    assert.equal(again.status, 201);
  });

  it('skips the count with total=false (1.8.1+)', async () => {
    const created = await raw(
      emulator,
      'POST',
      '/databases/d/collections/c/documents',
      '{"documentId":"counted","data":{"n":1}}',
      key,
    );
    assert.equal(created.status, 201);
    try {
      const rows = '/tablesdb/d/tables/c/rows';
      assert.equal((await raw(emulator, 'GET', rows, undefined, key)).body?.total, 1);
      const skipped = await raw(emulator, 'GET', `${rows}?total=false`, undefined, key);
      assert.equal(skipped.body?.total, 0);
      assert.equal((skipped.body?.rows as unknown[] | undefined)?.length, 1);
    } finally {
      await raw(emulator, 'DELETE', '/databases/d/collections/c/documents/counted', undefined, key);
    }
  });

  it('refuses an oversized body with an Appwrite-style 413 and keeps serving', async () => {
    const big = JSON.stringify({ userId: 'u', email: 'a@b.co', password: 'x'.repeat(4096) });
    assertAppwriteError(
      await raw(emulator, 'POST', '/account', big, json),
      413,
      'general_payload_too_large',
      '1.9.0',
    );
    assert.equal((await raw(emulator, 'GET', '/health/version', undefined, {})).status, 200);
  });

  it('refuses documents beyond the per-collection limit', async () => {
    const create = () =>
      raw(
        emulator,
        'POST',
        '/databases/d/collections/c/documents',
        '{"documentId":"unique()","data":{"n":1}}',
        json,
      );
    assert.equal((await create()).status, 201);
    assert.equal((await create()).status, 201);
    assertAppwriteError(await create(), 400, 'document_limit_exceeded', '1.9.0');
  });

  it('survives a seeded fuzz of 300 requests without a 5xx', async () => {
    const random = prng(20261125);
    const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
    const bodies = [
      '',
      '{',
      'null',
      '[]',
      '"x"',
      '{"userId":null}',
      '{"data":"{bad"}',
      '{"key":1e309}',
      '\u0000\u00ff',
      '{"permissions":"read(\\"any\\")"}',
      '{"documentId":"unique()","data":{"n":9007199254740993}}',
    ];
    const segments = ['d', 'c', 'n', 'current', 'unique()', '..', '%00', 'x'.repeat(300), ''];
    for (let i = 0; i < 300; i++) {
      const route = pick(ROUTES);
      const path = route.path.slice(3).replace(/:[a-zA-Z]+/g, () => encodeURIComponent(pick(segments)));
      const body = route.method === 'GET' ? undefined : pick(bodies);
      const headers =
        random() < 0.5
          ? key
          : { ...json, 'x-fallback-cookies': pick(['{', '{"a_session_bench":"e30="}', '[]']) };
      const answer = await raw(emulator, route.method, path, body, headers);
      assert.ok(
        answer.status < 500,
        `${route.method} ${path} ${String(body)} → ${answer.status} ${JSON.stringify(answer.body)}`,
      );
    }
    assert.equal((await raw(emulator, 'GET', '/health/version', undefined, {})).status, 200);
  });
});
