import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CookieStore, parseSetCookie } from './cookie-jar.ts';

test('Set-Cookie attributes and matching by host and path', () => {
  const url = new URL('http://127.0.0.1:8080/v1/account/sessions');
  const parsed = parseSetCookie('a_session=xyz; Path=/v1; HttpOnly; Max-Age=60', url);
  assert.equal(parsed?.response.http_only, true);
  assert.equal(parsed?.response.max_age, 60);
  const store = new CookieStore();
  if (parsed) store.store(parsed.stored);
  assert.deepEqual(
    store.forUrl(new URL('http://127.0.0.1:8080/v1/account')).map((c) => c.value),
    ['xyz'],
  );
  assert.deepEqual(store.forUrl(new URL('http://127.0.0.1:8080/other')), []);
  assert.deepEqual(store.forUrl(new URL('http://localhost:8080/v1/account')), []);
  const expired = parseSetCookie('a_session=; Path=/v1; Max-Age=0', url);
  if (expired) store.store(expired.stored);
  assert.deepEqual(store.forUrl(new URL('http://127.0.0.1:8080/v1/account')), []);
});

test('set, delete and clear by URL', () => {
  const store = new CookieStore();
  const url = new URL('http://example.test/');
  store.set(url, 'a', '1', {});
  store.set(url, 'b', '2', {});
  store.delete(url, 'a');
  assert.deepEqual(
    store.forUrl(url).map((c) => c.name),
    ['b'],
  );
  store.clear(url);
  assert.deepEqual(store.forUrl(url), []);
});
