// Databases themselves: create, list, get, delete (`/v1/databases`, `/v1/tablesdb`).
import type { Handler } from '../../context.ts';
import { json, NO_CONTENT } from '../../context.ts';
import { AppwriteError } from '../../errors.ts';
import { databaseModel } from '../../models.ts';
import * as p from '../../params.ts';
import { planList, queryDialect, queryStrings, runList } from '../../queries.ts';
import type { AttributeRecord, DatabaseRecord, DocumentRecord } from '../../store.ts';
import type { Scope } from './scope.ts';
import { NO_PERMISSIONS } from './scope.ts';

export function databaseResource(s: Scope) {
  const { flavor, database } = s;
  const DATABASE_ATTRIBUTES: ReadonlyMap<string, AttributeRecord> = new Map([
    ['name', { key: 'name', type: 'string', required: false, array: false, default: null, createdAt: 0 }],
  ]);
  return {
    createDatabase(ctx) {
      const id = p.customId(ctx.body, 'databaseId');
      const name = p.text(ctx.body, 'name', 128) ?? '';
      const enabled = p.boolean(ctx.body, 'enabled', true);
      if (ctx.store.databases.has(id)) throw new AppwriteError('database_already_exists');
      const now = ctx.settings.clock();
      const db: DatabaseRecord = {
        id,
        name,
        enabled,
        type: flavor === 'rows' ? 'tablesdb' : 'legacy',
        createdAt: now,
        updatedAt: now,
        collections: new Map(),
      };
      ctx.store.databases.set(id, db);
      return json(201, databaseModel(db, ctx.settings.dialect));
    },
    listDatabases(ctx) {
      // Queries on `name` (and the system attributes) and `search` over id and name, as
      // appwrite/appwrite `Modules/Databases/.../Databases/XList.php` with `Queries/Databases.php`.
      const plan = planList(queryStrings(ctx.search), DATABASE_ATTRIBUTES, () => true, queryDialect(ctx));
      const term = p
        .text({ search: ctx.search.get('search') ?? undefined }, 'search', 256, false)
        ?.toLowerCase();
      const all = new Map<string, DocumentRecord>();
      const rows: DocumentRecord[] = [];
      let sequence = 0;
      for (const db of ctx.store.databases.values()) {
        const row: DocumentRecord = {
          id: db.id,
          sequence: ++sequence,
          createdAt: db.createdAt,
          updatedAt: db.updatedAt,
          permissions: NO_PERMISSIONS,
          data: { name: db.name },
        };
        all.set(db.id, row);
        if (term === undefined || `${db.id} ${db.name}`.toLowerCase().includes(term)) rows.push(row);
      }
      const { total, page } = runList(rows, plan, 'Database', (id) => all.get(id));
      const totalWanted = p.wantsTotal(ctx.search, ctx.settings.dialect.tablesDb);
      return json(200, {
        total: totalWanted ? total : 0,
        databases: page.map((row) =>
          databaseModel(ctx.store.databases.get(row.id) as DatabaseRecord, ctx.settings.dialect),
        ),
      });
    },
    getDatabase: (ctx) => json(200, databaseModel(database(ctx), ctx.settings.dialect)),
    deleteDatabase(ctx) {
      ctx.store.databases.delete(database(ctx).id);
      return NO_CONTENT;
    },
  } satisfies Record<string, Handler>;
}
