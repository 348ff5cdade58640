// Databases API (1.x: databases → collections → attributes → documents) and TablesDB (1.8+: tablesdb →
// tables → columns → rows). One engine behind both, as in Appwrite, where TablesDB routes reuse the
// collection/document controllers (reference appwrite.md §4.2, §4.3, §5).
import { type Context, type Handler, json, NO_CONTENT } from '../context.ts';
import { AppwriteError, type ErrorType } from '../errors.ts';
import * as m from '../messages-1.9.ts';
import {
  attributeModel,
  attributeStatus,
  collectionModel,
  databaseModel,
  documentModel,
  type Flavor,
} from '../models.ts';
import * as p from '../params.ts';
import { allows, assertGrantable, ownerPermissions, parsePermissions, rolesOf } from '../permissions.ts';
import { planList, queryDialect, queryStrings, runList } from '../queries.ts';
import type {
  AttributeRecord,
  AttributeType,
  CollectionRecord,
  DatabaseRecord,
  DocumentRecord,
} from '../store.ts';

const DATABASE_ATTRIBUTES: ReadonlyMap<string, AttributeRecord> = new Map([
  ['name', { key: 'name', type: 'string', required: false, array: false, default: null, createdAt: 0 }],
]);
const NO_PERMISSIONS = parsePermissions([]);

interface Names {
  readonly collectionId: string;
  readonly security: string;
  readonly documentId: string;
  readonly list: string;
  readonly attributes: string;
  readonly notFound: { db: ErrorType; collection: ErrorType; attribute: ErrorType; document: ErrorType };
  readonly exists: { collection: ErrorType; attribute: ErrorType; document: ErrorType };
  readonly invalid: ErrorType;
  readonly limit: ErrorType;
  readonly defaultUnsupported: ErrorType;
  readonly thing: string;
}

const NAMES: Record<Flavor, Names> = {
  documents: {
    collectionId: 'collectionId',
    security: 'documentSecurity',
    documentId: 'documentId',
    list: 'documents',
    attributes: 'attributes',
    notFound: {
      db: 'database_not_found',
      collection: 'collection_not_found',
      attribute: 'attribute_not_found',
      document: 'document_not_found',
    },
    exists: {
      collection: 'collection_already_exists',
      attribute: 'attribute_already_exists',
      document: 'document_already_exists',
    },
    invalid: 'document_invalid_structure',
    limit: 'document_limit_exceeded',
    defaultUnsupported: 'attribute_default_unsupported',
    thing: 'document',
  },
  rows: {
    collectionId: 'tableId',
    security: 'rowSecurity',
    documentId: 'rowId',
    list: 'rows',
    attributes: 'columns',
    notFound: {
      db: 'database_not_found',
      collection: 'table_not_found',
      attribute: 'column_not_found',
      document: 'row_not_found',
    },
    exists: {
      collection: 'table_already_exists',
      attribute: 'column_already_exists',
      document: 'row_already_exists',
    },
    invalid: 'row_invalid_structure',
    limit: 'row_limit_exceeded',
    defaultUnsupported: 'column_default_unsupported',
    thing: 'row',
  },
};

/**
 * A client may update or delete a record when the collection grants the action, or document security is
 * on and the record grants it (utopia-php/database `updateDocument`/`deleteDocument`); keys skip the check.
 */
function assertMay(
  ctx: Context,
  c: CollectionRecord,
  doc: DocumentRecord,
  action: 'update' | 'delete',
): void {
  if (ctx.caller.kind === 'key') return;
  const r = rolesOf(ctx.caller.kind === 'user' ? ctx.caller.user.id : undefined);
  if (
    !allows(r, c.permissions.byAction[action]) &&
    !(c.security && allows(r, doc.permissions.byAction[action]))
  ) {
    throw new AppwriteError('user_unauthorized');
  }
}

export interface DatabaseHandlers {
  createDatabase: Handler;
  listDatabases: Handler;
  getDatabase: Handler;
  deleteDatabase: Handler;
  createCollection: Handler;
  getCollection: Handler;
  deleteCollection: Handler;
  createString: Handler;
  createInteger: Handler;
  createBoolean: Handler;
  getAttribute: Handler;
  listAttributes: Handler;
  createDocument: Handler;
  getDocument: Handler;
  listDocuments: Handler;
  updateDocument: Handler;
  deleteDocument: Handler;
}

export function databaseHandlers(flavor: Flavor): DatabaseHandlers {
  const n = NAMES[flavor];
  const isAvailable = (ctx: Context) => (a: AttributeRecord) =>
    attributeStatus(a, ctx.settings.clock(), ctx.settings.attributeDelayMs) === 'available';
  const statusOf = (ctx: Context) => (a: AttributeRecord) =>
    attributeStatus(a, ctx.settings.clock(), ctx.settings.attributeDelayMs);

  function database(ctx: Context): DatabaseRecord {
    const db = ctx.store.databases.get(ctx.path.databaseId ?? '');
    if (db === undefined) {
      const id = ctx.path.databaseId ?? '';
      throw new AppwriteError(n.notFound.db, ...msg(ctx, () => m.notFound('Database', id)));
    }
    return db;
  }

  /** Disabled collections are invisible to clients (`Documents/Get.php`: `!enabled && !isAPIKey`). */
  function collection(ctx: Context): CollectionRecord {
    const c = database(ctx).collections.get(ctx.path[n.collectionId] ?? '');
    if (c === undefined || (!c.enabled && ctx.caller.kind !== 'key'))
      throw new AppwriteError(
        n.notFound.collection,
        ...msg(ctx, () =>
          m.notFound(flavor === 'rows' ? 'Table' : 'Collection', ctx.path[n.collectionId] ?? ''),
        ),
      );
    return c;
  }

  const recordNoun = flavor === 'rows' ? 'Row' : 'Document';
  /** The 1.9.0 message as the optional AppwriteError argument, none (catalogue text) before 1.9. */
  const msg = (ctx: Context, text: () => string): [] | [string] =>
    m.is19(ctx.settings.dialect) ? [text()] : [];
  function recordNotFound(ctx: Context): AppwriteError {
    const id = ctx.path[n.documentId] ?? '';
    return new AppwriteError(n.notFound.document, ...msg(ctx, () => m.notFound(recordNoun, id)));
  }

  function roles(ctx: Context): readonly string[] {
    return rolesOf(ctx.caller.kind === 'user' ? ctx.caller.user.id : undefined);
  }

  function readable(ctx: Context, c: CollectionRecord, doc: DocumentRecord): boolean {
    if (ctx.caller.kind === 'key') return true;
    const r = roles(ctx);
    return allows(r, c.permissions.byAction.read) || (c.security && allows(r, doc.permissions.byAction.read));
  }

  /** Validates one attribute/column definition (route body or 1.9 inline `columns[]` item). */
  function buildAttribute(
    ctx: Context,
    c: CollectionRecord,
    params: p.Params,
    type: AttributeType,
    inline: boolean,
  ): AttributeRecord {
    const key = p.key(params, 'key');
    const required = p.boolean(params, 'required', undefined);
    const array = p.boolean(params, 'array', false);
    let size: number | undefined;
    let min: number | undefined;
    let max: number | undefined;
    let fallback: string | number | boolean | null = null;
    const given = params.default;
    if (type === 'string') {
      size = p.integer(params, 'size', undefined, 1, 1_073_741_824);
      if (size === undefined)
        throw new AppwriteError('general_argument_invalid', 'Param "size" is not optional.');
      if (given !== undefined && given !== null) {
        if (typeof given !== 'string' || given.length > size) {
          throw p.invalid('default', `Value must be a valid string and at most ${size} chars`);
        }
        fallback = given;
      }
    } else if (type === 'integer') {
      // Appwrite's defaults are PHP_INT_MIN/MAX, sent as ±9223372036854775807/8 (recorded:
      // databases-legacy.jsonl seq 6), which JSON readers see as ±2^63.
      min = p.integer(params, 'min', -(2 ** 63));
      max = p.integer(params, 'max', 2 ** 63);
      if (min !== undefined && max !== undefined && min > max) {
        throw new AppwriteError(
          n.thing === 'row' ? 'column_value_invalid' : 'attribute_value_invalid',
          'Minimum value must be lesser than maximum value',
        );
      }
      if (given !== undefined && given !== null) {
        fallback = p.integer(params, 'default', undefined, min, max) ?? null;
      }
    } else if (given !== undefined && given !== null) {
      fallback = p.boolean(params, 'default', undefined);
    }
    if (fallback !== null && (required || array)) {
      throw new AppwriteError(n.defaultUnsupported, 'Cannot set default value for required attribute');
    }
    if (c.attributes.has(key))
      throw new AppwriteError(
        n.exists.attribute,
        ...msg(ctx, () => m.fieldExists(flavor === 'rows' ? 'Column' : 'Attribute', key)),
      );
    return {
      key,
      type,
      required,
      array,
      ...(size === undefined ? {} : { size }),
      ...(min === undefined ? {} : { min }),
      ...(max === undefined ? {} : { max }),
      default: fallback,
      createdAt: ctx.settings.clock(),
      ...(inline ? { inline } : {}),
    };
  }

  function addAttribute(ctx: Context, type: AttributeType): ReturnType<Handler> {
    const c = collection(ctx);
    const record = buildAttribute(ctx, c, ctx.body, type, false);
    c.attributes.set(record.key, record);
    // 202: the databases worker creates the column later (status `processing` → `available`).
    return json(202, attributeModel(record, statusOf(ctx)(record), ctx.settings.dialect));
  }

  function validateData(
    ctx: Context,
    c: CollectionRecord,
    data: Record<string, unknown>,
    partial: boolean,
  ): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    const available = isAvailable(ctx);
    // 1.9.0 says "document" for rows too (tablesdb.jsonl seq 38-40).
    const label = n.thing === 'row' && !m.is19(ctx.settings.dialect) ? 'row' : 'document';
    const fail = (detail: string) => new AppwriteError(n.invalid, `Invalid ${label} structure: ${detail}`);
    for (const [key, value] of Object.entries(data)) {
      if (key.startsWith('$')) continue;
      const a = c.attributes.get(key);
      // A `processing` attribute is not in the table yet, so it is unknown to the structure validator.
      if (a === undefined || !available(a)) throw fail(`Unknown attribute: "${key}"`);
      if (value === null) {
        if (a.required) throw fail(`Missing required attribute "${key}"`);
        out[key] = null;
        continue;
      }
      const values = a.array ? value : [value];
      if (!Array.isArray(values)) throw fail(`Attribute "${key}" must be an array`);
      for (const v of values) {
        if (a.type === 'string' && (typeof v !== 'string' || v.length > (a.size ?? 0))) {
          throw fail(
            `Attribute "${key}" has invalid type. Value must be a valid string and no longer than ${a.size} chars`,
          );
        }
        if (
          a.type === 'integer' &&
          (typeof v !== 'number' ||
            !Number.isInteger(v) ||
            v < (a.min ?? -Infinity) ||
            v > (a.max ?? Infinity))
        ) {
          const inRange = typeof v === 'number' && Number.isInteger(v);
          throw fail(
            inRange && m.is19(ctx.settings.dialect)
              ? `Attribute "${key}" has invalid format. Value must be a valid range between ${m.numberFormat(a.min ?? 0)} and ${m.numberFormat(a.max ?? 0)}`
              : `Attribute "${key}" has invalid format. Value must be a valid integer`,
          );
        }
        if (a.type === 'boolean' && typeof v !== 'boolean') {
          throw fail(`Attribute "${key}" has invalid type. Value must be a valid boolean`);
        }
      }
      out[key] = value;
    }
    if (!partial) {
      for (const a of c.attributes.values()) {
        if (!available(a) || a.key in out) continue;
        if (a.required) throw fail(`Missing required attribute "${a.key}"`);
        out[a.key] = a.default;
      }
    }
    return out;
  }

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
    createString: (ctx) => addAttribute(ctx, 'string'),
    createInteger: (ctx) => addAttribute(ctx, 'integer'),
    createBoolean: (ctx) => addAttribute(ctx, 'boolean'),
    getAttribute(ctx) {
      const a = collection(ctx).attributes.get(ctx.path.key ?? '');
      if (a === undefined) throw new AppwriteError(n.notFound.attribute);
      return json(200, attributeModel(a, statusOf(ctx)(a), ctx.settings.dialect));
    },
    listAttributes(ctx) {
      const list = [...collection(ctx).attributes.values()].map((a) =>
        attributeModel(a, statusOf(ctx)(a), ctx.settings.dialect),
      );
      return json(200, { total: list.length, [n.attributes]: list });
    },
    createDocument(ctx) {
      const c = collection(ctx);
      const r = roles(ctx);
      const isKey = ctx.caller.kind === 'key';
      if (!isKey && !allows(r, c.permissions.byAction.create)) throw new AppwriteError('user_unauthorized');
      const id = p.customId(ctx.body, n.documentId);
      const data = validateData(ctx, c, p.object(ctx.body, 'data'), false);
      const given = p.stringArray(ctx.body, 'permissions');
      let permissions = parsePermissions(given ?? []);
      if (given === undefined && ctx.caller.kind === 'user') {
        // Omitted permissions: the creating user gets read/update/delete (`Documents/Create.php` @0cefd06).
        permissions = ownerPermissions(ctx.caller.user.id);
      }
      if (!isKey) assertGrantable(r, permissions);
      if (c.documents.has(id))
        throw new AppwriteError(n.exists.document, ...msg(ctx, () => m.recordExists(recordNoun, id)));
      if (c.documents.size >= ctx.settings.maxDocumentsPerCollection) {
        throw new AppwriteError(
          n.limit,
          `The emulator holds at most ${ctx.settings.maxDocumentsPerCollection} ${n.list} per ${flavor === 'rows' ? 'table' : 'collection'}.`,
        );
      }
      const now = ctx.settings.clock();
      const doc: DocumentRecord = {
        id,
        sequence: c.nextSequence++,
        createdAt: now,
        updatedAt: now,
        permissions,
        data,
      };
      c.documents.set(id, doc);
      return json(201, documentModel(doc, c, flavor, ctx.settings.dialect));
    },
    getDocument(ctx) {
      const c = collection(ctx);
      const doc = c.documents.get(ctx.path[n.documentId] ?? '');
      // Unreadable documents are reported as missing (utopia-php/database `getDocument` returns empty).
      if (doc === undefined || !readable(ctx, c, doc)) throw recordNotFound(ctx);
      return json(200, documentModel(doc, c, flavor, ctx.settings.dialect));
    },
    listDocuments(ctx) {
      const c = collection(ctx);
      const plan = planList(queryStrings(ctx.search), c.attributes, isAvailable(ctx), queryDialect(ctx));
      let source: Iterable<DocumentRecord> = c.documents.values();
      if (ctx.caller.kind !== 'key') {
        const r = roles(ctx);
        if (!allows(r, c.permissions.byAction.read)) {
          // utopia-php/database `find`: no collection read and no document security → AuthorizationException.
          if (!c.security) throw new AppwriteError('user_unauthorized');
          source = [...c.documents.values()].filter((d) => allows(r, d.permissions.byAction.read));
        }
      }
      // The cursor document is fetched with `Authorization::skip(getDocument(...))` and named by context
      // ("Document"/"Row") in the not-found message (appwrite/appwrite `Modules/Databases/Http/Databases/
      // Collections/Documents/XList.php`), so any existing record works as a keyset cursor.
      const { total, page } = runList(source, plan, flavor === 'rows' ? 'Row' : 'Document', (id) =>
        c.documents.get(id),
      );
      // `total=false` skips the count from 1.8.1 (reference §5); earlier versions ignore the param.
      const totalWanted = p.wantsTotal(ctx.search, ctx.settings.dialect.tablesDb);
      return json(200, {
        total: totalWanted ? total : 0,
        [n.list]: page.map((d) => documentModel(d, c, flavor, ctx.settings.dialect, plan.select)),
      });
    },
    updateDocument(ctx) {
      const c = collection(ctx);
      const doc = c.documents.get(ctx.path[n.documentId] ?? '');
      if (doc === undefined || !readable(ctx, c, doc)) throw recordNotFound(ctx);
      assertMay(ctx, c, doc, 'update');
      const raw = ctx.body.data;
      const data =
        raw === undefined || raw === null ? {} : validateData(ctx, c, p.object(ctx.body, 'data'), true);
      const given = p.stringArray(ctx.body, 'permissions');
      if (given !== undefined) {
        const parsed = parsePermissions(given);
        if (ctx.caller.kind !== 'key') assertGrantable(roles(ctx), parsed);
        doc.permissions = parsed;
      }
      doc.data = { ...doc.data, ...data };
      doc.updatedAt = ctx.settings.clock();
      return json(200, documentModel(doc, c, flavor, ctx.settings.dialect));
    },
    deleteDocument(ctx) {
      const c = collection(ctx);
      const doc = c.documents.get(ctx.path[n.documentId] ?? '');
      if (doc === undefined || !readable(ctx, c, doc)) throw recordNotFound(ctx);
      assertMay(ctx, c, doc, 'delete');
      c.documents.delete(doc.id);
      return NO_CONTENT;
    },
  };
}
