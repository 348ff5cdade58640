// Collections (Databases) and tables (TablesDB): create (with 1.9 inline columns), get, delete.
import type { Handler } from '../../context.ts';
import { json, NO_CONTENT } from '../../context.ts';
import { AppwriteError } from '../../errors.ts';
import { collectionModel } from '../../models.ts';
import * as p from '../../params.ts';
import { parsePermissions } from '../../permissions.ts';
import type { CollectionRecord } from '../../store.ts';
import { fieldResource } from './fields.ts';
import type { Scope } from './scope.ts';

export function containerResource(s: Scope) {
  const { flavor, n, statusOf, database, collection } = s;
  const { buildAttribute } = fieldResource(s);
  return {
    createCollection(ctx) {
      const db = database(ctx);
      const id = p.customId(ctx.body, n.collectionId);
      const name = p.text(ctx.body, 'name', 128) ?? '';
      const permissions = parsePermissions(p.stringArray(ctx.body, 'permissions') ?? []);
      const security = p.boolean(ctx.body, n.security, false);
      const enabled = p.boolean(ctx.body, 'enabled', true);
      if (db.collections.has(id)) throw new AppwriteError(n.exists.collection);
      const now = ctx.settings.clock();
      const c: CollectionRecord = {
        id,
        databaseId: db.id,
        name,
        enabled,
        security,
        permissions,
        createdAt: now,
        updatedAt: now,
        attributes: new Map(),
        documents: new Map(),
        nextSequence: 1,
      };
      if (flavor === 'rows' && ctx.settings.dialect.inlineColumns) {
        // 1.9.0+: `columns[]` on table create makes the columns right away, already `available`
        // (reference appwrite.md §4.3, commit 2a88341edc).
        const columns = ctx.body.columns ?? [];
        if (!Array.isArray(columns)) throw p.invalid('columns', 'Value must a valid array');
        for (const item of columns) {
          if (typeof item !== 'object' || item === null || Array.isArray(item)) {
            throw p.invalid('columns', 'Each column must be an object');
          }
          const type = (item as Record<string, unknown>).type;
          if (type !== 'string' && type !== 'integer' && type !== 'boolean') {
            throw p.invalid(
              'columns',
              `Column type must be one of string, integer, boolean in the emulator, got ${String(type)}`,
            );
          }
          const record = buildAttribute(ctx, c, item as p.Params, type, true);
          c.attributes.set(record.key, record);
        }
      }
      db.collections.set(id, c);
      return json(201, collectionModel(c, flavor, ctx.settings.dialect, statusOf(ctx)));
    },
    getCollection: (ctx) =>
      json(200, collectionModel(collection(ctx), flavor, ctx.settings.dialect, statusOf(ctx))),
    deleteCollection(ctx) {
      const c = collection(ctx);
      database(ctx).collections.delete(c.id);
      return NO_CONTENT;
    },
  } satisfies Record<string, Handler>;
}
