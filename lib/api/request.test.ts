import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createEmailSession, deleteCurrentSession, healthVersion, listUsersNamed } from './account.ts';
import { databasesDialect } from './databases.ts';
import { clientHeaders, fallbackCookies, headerValue, keyHeaders } from './headers.ts';
import { equal, limit } from './queries.ts';
import { queryString, urlOf } from './request.ts';
import { DIALECTS, dialectForVersion } from './select.ts';
import { sessionFromHeaders } from './session.ts';
import { tablesDbDialect } from './tablesdb.ts';
import { apiFamilyFor, parseServerVersion, UnsupportedServerVersionError } from './version.ts';

describe('API layer selection by version', () => {
  const cases: Array<[string, string]> = [
    ['1.5.0', 'databases'],
    ['1.6.2', 'databases'],
    ['1.7.4', 'databases'],
    ['1.8.0', 'tablesdb'],
    ['1.8.1', 'tablesdb'],
    ['1.9.6', 'tablesdb'],
    ['1.10.0', 'tablesdb'],
    ['1.9.0-rc.2', 'tablesdb'],
  ];
  for (const [version, family] of cases) {
    it(`${version} → ${family}`, () => {
      assert.equal(dialectForVersion(version, 'test').family, family);
    });
  }
  it('keeps the Databases API on 1.8+ when asked', () => {
    const v = parseServerVersion('1.8.1');
    assert.ok(v);
    assert.equal(apiFamilyFor(v, 'databases'), 'databases');
  });
  for (const version of ['0.6.2', '0.7.0', '1.0.0', '1.4.14', '2.0.0', 'banana', '']) {
    it(`refuses ${JSON.stringify(version)} naming the source`, () => {
      assert.throws(
        () => dialectForVersion(version, 'GET /v1/health/version'),
        (error: unknown) =>
          error instanceof UnsupportedServerVersionError &&
          error.message.includes('GET /v1/health/version') &&
          error.message.includes(`\`${version}\``),
      );
    });
  }
});

describe('request building', () => {
  const endpoint = 'http://localhost:8080/v1';

  it('builds TablesDB URLs and low-cardinality names', () => {
    const list = tablesDbDialect.listRecords('db1', 't1', [equal('active', [true]), limit(10)]);
    assert.equal(list.name, 'GET /tablesdb/{db}/tables/{t}/rows');
    assert.equal(
      urlOf(endpoint, list),
      'http://localhost:8080/v1/tablesdb/db1/tables/t1/rows?queries%5B%5D=%7B%22method%22%3A%22equal%22%2C%22attribute%22%3A%22active%22%2C%22values%22%3A%5Btrue%5D%7D&queries%5B%5D=%7B%22method%22%3A%22limit%22%2C%22values%22%3A%5B10%5D%7D',
    );
    const get = tablesDbDialect.getRecord('db1', 't1', 'row-7');
    assert.equal(urlOf(endpoint, get), 'http://localhost:8080/v1/tablesdb/db1/tables/t1/rows/row-7');
    assert.equal(get.name, 'GET /tablesdb/{db}/tables/{t}/rows/{id}');
    assert.equal(
      tablesDbDialect.createRecord('db1', 't1', 'unique()', {}).name,
      'POST /tablesdb/{db}/tables/{t}/rows',
    );
  });

  it('builds Databases URLs, names and bodies', () => {
    const create = databasesDialect.createRecord('db1', 'c1', 'unique()', { title: 'x' });
    assert.equal(urlOf(endpoint, create), 'http://localhost:8080/v1/databases/db1/collections/c1/documents');
    assert.equal(create.name, 'POST /databases/{db}/collections/{c}/documents');
    assert.deepEqual(create.body, { documentId: 'unique()', data: { title: 'x' } });
    const field = databasesDialect.createField('db1', 'c1', {
      type: 'string',
      key: 'title',
      size: 128,
      required: true,
    });
    assert.equal(field.path, '/databases/db1/collections/c1/attributes/string');
    assert.deepEqual(field.body, { key: 'title', size: 128, required: true, array: false });
  });

  it('names never contain ids, so the name tag stays low-cardinality', () => {
    for (const dialect of Object.values(DIALECTS)) {
      const specs = [
        dialect.getRecord('db-1', 'c-1', 'row-1'),
        dialect.getRecord('db-2', 'c-2', 'row-2'),
        dialect.listRecords('db-1', 'c-1', [limit(1)]),
        dialect.createRecord('db-1', 'c-1', 'id', {}),
        dialect.getField('db-1', 'c-1', 'title'),
      ];
      for (const spec of specs) assert.doesNotMatch(spec.name, /db-|c-|row-|title/);
      assert.equal(specs[0]?.name, specs[1]?.name);
    }
  });

  it('encodes ids as single path segments', () => {
    assert.equal(tablesDbDialect.getRecord('a/b', 't', 'x?y').path, '/tablesdb/a%2Fb/tables/t/rows/x%3Fy');
  });

  it('encodes query strings by hand, repeated keys kept in order', () => {
    assert.equal(
      queryString([
        ['queries[]', '{"a":1}'],
        ['queries[]', 'é &='],
      ]),
      'queries%5B%5D=%7B%22a%22%3A1%7D&queries%5B%5D=%C3%A9%20%26%3D',
    );
    assert.equal(urlOf(endpoint, healthVersion()), 'http://localhost:8080/v1/health/version');
  });

  it('lists users by exact name with a page limit', () => {
    const spec = listUsersNamed('k6bench r1 abc', 100);
    assert.deepEqual(spec.query, [
      ['queries[]', '{"method":"equal","attribute":"name","values":["k6bench r1 abc"]}'],
      ['queries[]', '{"method":"limit","values":[100]}'],
    ]);
  });

  it('sends the key only in key headers and the session only in X-Fallback-Cookies', () => {
    assert.deepEqual(keyHeaders('p1', 'secret'), {
      'Content-Type': 'application/json',
      'X-Appwrite-Project': 'p1',
      'X-Appwrite-Key': 'secret',
    });
    const headers = clientHeaders('p1', 'c2Vzc2lvbg==', '198.18.0.7');
    assert.deepEqual(headers, {
      'Content-Type': 'application/json',
      'X-Appwrite-Project': 'p1',
      'X-Fallback-Cookies': '{"a_session_p1":"c2Vzc2lvbg=="}',
      'X-Forwarded-For': '198.18.0.7',
    });
    assert.equal(clientHeaders('p1', null, null)['X-Fallback-Cookies'], undefined);
    assert.equal(fallbackCookies('p1', 'v'), '{"a_session_p1":"v"}');
    assert.equal(deleteCurrentSession().path, '/account/sessions/current');
    assert.deepEqual(createEmailSession('a@b.c', 'pw').body, { email: 'a@b.c', password: 'pw' });
  });

  it('looks response headers up case-insensitively (k6 canonicalises them)', () => {
    assert.equal(headerValue({ 'X-Ratelimit-Remaining': '3' }, 'X-RateLimit-Remaining'), '3');
    assert.equal(headerValue({}, 'X-RateLimit-Remaining'), undefined);
  });
});

describe('session from a login response', () => {
  const value = 'eyJpZCI6InUxIiwic2VjcmV0IjoiYWJjIn0=';
  it('reads X-Fallback-Cookies', () => {
    assert.equal(sessionFromHeaders('p1', `{"a_session_p1":"${value}"}`, undefined), value);
  });
  it('falls back to Set-Cookie, ignoring the legacy cookie and other projects', () => {
    const setCookie = `a_session_p1_legacy=legacy; expires=Wed, 25 Nov 2027 10:00:00 GMT; path=/, a_session_p1=${value}; expires=Wed, 25 Nov 2027 10:00:00 GMT; path=/; httponly`;
    assert.equal(sessionFromHeaders('p1', undefined, setCookie), value);
    assert.equal(sessionFromHeaders('p2', undefined, setCookie), null);
  });
  it('returns null for empty, deleted or malformed values', () => {
    assert.equal(
      sessionFromHeaders('p1', '[]', 'a_session_p1=deleted; expires=Thu, 01 Jan 1970 00:00:01 GMT'),
      null,
    );
    assert.equal(sessionFromHeaders('p1', 'not json', undefined), null);
    assert.equal(sessionFromHeaders('p1', undefined, undefined), null);
  });
});
