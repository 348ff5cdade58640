// Every route the benchmark calls exists, with that method and those parameters, in the Appwrite spec of
// the versions that use it (../shared/specs, verbatim copies of appwrite/appwrite's specs).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { FIELDS } from '../identity.ts';
import { rateLimitedRoutes } from '../profiles/index.ts';
import {
  createAccount,
  createEmailSession,
  createUser,
  deleteCurrentSession,
  deleteUser,
  getAccount,
  listUsersNamed,
} from './account.ts';
import { databasesDialect } from './databases.ts';
import type { DataDialect, FieldSpec } from './dialect.ts';
import { equal, limit } from './queries.ts';
import type { RequestSpec } from './request.ts';
import { tablesDbDialect } from './tablesdb.ts';

interface Operation {
  parameters?: Array<{ name: string; in: string }>;
  requestBody?: { content?: Record<string, { schema?: { properties?: Record<string, unknown> } }> };
  'x-appwrite'?: { 'rate-limit'?: number; scope?: string | string[] };
}
type Spec = { paths: Record<string, Record<string, Operation>> };

function load(file: string): Spec {
  return JSON.parse(readFileSync(`../shared/specs/${file}`, 'utf8')) as Spec;
}

/** The operation for the request: a literal path wins over a template (`/sessions/email` vs `/sessions/{id}`). */
function find(spec: Spec, request: RequestSpec): Operation | undefined {
  const method = request.method.toLowerCase();
  const literal = spec.paths[request.path]?.[method];
  if (literal) return literal;
  for (const [template, operations] of Object.entries(spec.paths)) {
    if (template === request.path) continue;
    const pattern = new RegExp(`^${template.replace(/\{[^}]+\}/g, '[^/]+')}$`);
    if (pattern.test(request.path) && operations[method]) return operations[method];
  }
  return undefined;
}

function assertInSpec(spec: Spec, file: string, request: RequestSpec): Operation {
  const operation = find(spec, request);
  assert.ok(operation, `${request.method} ${request.path} (${request.name}) is not in ${file}`);
  const body = operation.requestBody?.content?.['application/json']?.schema?.properties ?? {};
  for (const key of Object.keys((request.body ?? {}) as object)) {
    assert.ok(key in body, `${request.name}: body parameter ${key} is not in ${file}`);
  }
  const queryNames = new Set((operation.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name));
  for (const [key] of request.query ?? []) {
    assert.ok(queryNames.has(key.replace(/\[\]$/, '')), `${request.name}: query ${key} is not in ${file}`);
  }
  return operation;
}

const db = 'd20261125-183000abcd-x1y2z3';
const c = 'c20261125-183000abcd-x1y2z3';

function dataRoutes(dialect: DataDialect): { client: RequestSpec[]; server: RequestSpec[] } {
  return {
    client: [
      dialect.createRecord(db, c, 'unique()', { title: 't', score: 1, active: true }),
      dialect.getRecord(db, c, 's-1'),
      dialect.listRecords(db, c, [equal('active', [true]), limit(10)]),
    ],
    server: [
      dialect.createDatabase(db, 'k6bench'),
      dialect.deleteDatabase(db),
      dialect.createContainer(db, c, 'k6bench', ['create("users")', 'read("users")']),
      ...FIELDS.map((field) => dialect.createField(db, c, field as FieldSpec)),
      dialect.getField(db, c, 'title'),
      dialect.createRecord(db, c, 's-1', { title: 't', score: 1, active: true }),
    ],
  };
}

const accountClient = [
  createAccount('unique()', 'a@b.c', 'pw', 'n'),
  createEmailSession('a@b.c', 'pw'),
  getAccount(),
  deleteCurrentSession(),
];
const usersServer = [
  createUser('u-1', 'a@b.c', 'pw', 'n'),
  deleteUser('u-1'),
  listUsersNamed('k6bench x y', 100),
];

const VERSIONS: Array<{ version: string; client: string; server: string; dialects: DataDialect[] }> = [
  {
    version: '1.7.4',
    client: 'appwrite-1.7.4-client.openapi3.json',
    server: 'appwrite-1.7.4-server.openapi3.json',
    dialects: [databasesDialect],
  },
  {
    version: '1.8.1',
    client: 'appwrite-1.8.1-client.openapi3.json',
    server: 'appwrite-1.8.1-server.openapi3.json',
    dialects: [tablesDbDialect, databasesDialect],
  },
  {
    version: 'master 2026-02-16',
    client: 'appwrite-master-2026-02-16-labelled-1.8.1-client.openapi3.json',
    server: 'appwrite-master-2026-02-16-labelled-1.8.1-server.openapi3.json',
    dialects: [tablesDbDialect, databasesDialect],
  },
];

for (const { version, client, server, dialects } of VERSIONS) {
  describe(`routes against the ${version} specs`, () => {
    const clientSpec = load(client);
    const serverSpec = load(server);

    it('client calls (no key) are client routes', () => {
      for (const request of accountClient) assertInSpec(clientSpec, client, request);
      for (const dialect of dialects) {
        for (const request of dataRoutes(dialect).client) assertInSpec(clientSpec, client, request);
      }
    });

    it('provisioning and cleanup calls are server routes', () => {
      for (const request of usersServer) assertInSpec(serverSpec, server, request);
      for (const dialect of dialects) {
        for (const request of dataRoutes(dialect).server) assertInSpec(serverSpec, server, request);
      }
    });

    it('the routes reported as rate limited are exactly the limited routes the workloads call', () => {
      for (const dialect of dialects) {
        const called = [...accountClient, ...dataRoutes(dialect).client];
        const limited = called
          .filter(
            (request) => (assertInSpec(clientSpec, client, request)['x-appwrite']?.['rate-limit'] ?? 0) > 0,
          )
          .map((request) => request.name)
          .sort();
        assert.deepEqual(rateLimitedRoutes(['auth', 'writes', 'reads'], [dialect.family]).sort(), limited);
      }
    });

    it('the README names an API key scope for every provisioning and cleanup call', () => {
      const row = readFileSync('README.md', 'utf8')
        .split('\n')
        .find((line) => line.startsWith('| `APPWRITE_API_KEY`'));
      assert.ok(row, 'README has no APPWRITE_API_KEY row');
      const documented = new Set([...row.matchAll(/`([a-z]+\.(?:read|write))`/g)].map((m) => m[1]));
      for (const dialect of dialects) {
        for (const request of [...usersServer, ...dataRoutes(dialect).server]) {
          const scope = assertInSpec(serverSpec, server, request)['x-appwrite']?.scope ?? [];
          // A list means any one of them is accepted (TablesDB takes the old and the new names, appwrite.md §4.3).
          const accepted = Array.isArray(scope) ? scope : [scope];
          assert.ok(
            accepted.some((s) => documented.has(s)),
            `${request.name} needs one of ${accepted.join(', ')}; the README lists ${[...documented].join(', ')}`,
          );
        }
      }
    });

    it('reads are not rate limited', () => {
      for (const dialect of dialects) {
        for (const request of [dialect.getRecord(db, c, 'x'), dialect.listRecords(db, c, [])]) {
          assert.equal(assertInSpec(clientSpec, client, request)['x-appwrite']?.['rate-limit'], 0);
        }
      }
    });
  });
}

it('the 1.7.4 spec has no TablesDB routes, so 1.5–1.7 must use the Databases dialect', () => {
  const spec = load('appwrite-1.7.4-server.openapi3.json');
  assert.equal(find(spec, tablesDbDialect.createDatabase(db, 'x')), undefined);
});
