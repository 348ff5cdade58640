// Cursor pagination on document/row lists: Appwrite fetches the cursor record with
// `Authorization::skip(getDocument(...))` (appwrite/appwrite `Modules/Databases/Http/Databases/Collections/
// Documents/XList.php`), so a record the filters leave out still works as a keyset cursor, and a missing
// one answers 400 `general_cursor_not_found` naming it "Document" or "Row".
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type RunningEmulator, startEmulator } from './index.ts';

for (const flavor of ['documents', 'rows'] as const) {
  describe(`cursors on ${flavor} lists`, () => {
    let emulator: RunningEmulator;
    const rows = flavor === 'rows';
    const base = rows ? '/tablesdb/d/tables/c' : '/databases/d/collections/c';
    const call = async (method: string, path: string, body?: unknown) => {
      const response = await fetch(`${emulator.url}${path}`, {
        method,
        headers: {
          'content-type': 'application/json',
          'x-appwrite-project': emulator.projectId,
          'x-appwrite-key': emulator.apiKey,
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    };
    const list = async (...queries: unknown[]) => {
      const qs = queries.map((q) => `queries[]=${encodeURIComponent(JSON.stringify(q))}`).join('&');
      return call('GET', `${base}/${flavor}?${qs}`);
    };

    before(async () => {
      emulator = await startEmulator({ appwriteVersion: '1.9.6', attributeDelayMs: 0, abuse: 'disabled' });
      assert.equal(
        (await call('POST', rows ? '/tablesdb' : '/databases', { databaseId: 'd', name: 'D' })).status,
        201,
      );
      const container = rows ? { tableId: 'c' } : { collectionId: 'c' };
      assert.equal((await call('POST', base.slice(0, -2), { ...container, name: 'C' })).status, 201);
      const attr = await call('POST', `${base}/${rows ? 'columns' : 'attributes'}/integer`, {
        key: 'n',
        required: true,
      });
      assert.equal(attr.status, 202);
      for (const n of [1, 2, 3, 4]) {
        const created = await call('POST', `${base}/${flavor}`, {
          [rows ? 'rowId' : 'documentId']: `r${n}`,
          data: { n },
        });
        assert.equal(created.status, 201, JSON.stringify(created.body));
      }
    });
    after(() => emulator.close());

    const ids = (body: Record<string, unknown>) => (body[flavor] as { $id: string }[]).map((d) => d.$id);

    it('pages after a cursor inside and outside the filtered set', async () => {
      const inside = await list({ method: 'cursorAfter', values: ['r1'] });
      assert.deepEqual(ids(inside.body), ['r2', 'r3', 'r4']);
      const odd = { method: 'equal', attribute: 'n', values: [1, 3] };
      const outside = await list(odd, { method: 'cursorAfter', values: ['r2'] });
      assert.equal(outside.status, 200, JSON.stringify(outside.body));
      assert.deepEqual(ids(outside.body), ['r3']);
      const before = await list(
        odd,
        { method: 'orderDesc', attribute: 'n' },
        { method: 'cursorBefore', values: ['r2'] },
      );
      assert.deepEqual(ids(before.body), ['r3']);
    });

    it('names a missing cursor by its kind', async () => {
      const missing = await list({ method: 'cursorAfter', values: ['gone'] });
      assert.equal(missing.status, 400);
      assert.equal(missing.body.type, 'general_cursor_not_found');
      assert.equal(
        missing.body.message,
        `${rows ? 'Row' : 'Document'} 'gone' for the 'cursor' value not found.`,
      );
    });
  });
}
