// What every resource of the Databases/TablesDB engine shares: the per-flavor names, lookups of the
// database and collection/table named in the path, the caller's roles and the 1.9.0 message switch.
import type { Context } from '../../context.ts';
import { AppwriteError, type ErrorType } from '../../errors.ts';
import * as m from '../../messages-1.9.ts';
import { attributeStatus, type Flavor } from '../../models.ts';
import { allows, assertGrantable, ownerPermissions, parsePermissions, rolesOf } from '../../permissions.ts';
import type { AttributeRecord, CollectionRecord, DatabaseRecord, DocumentRecord } from '../../store.ts';

export { allows, assertGrantable, ownerPermissions, parsePermissions, rolesOf };
export const NO_PERMISSIONS = parsePermissions([]);
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
export function assertMay(
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

export function scopeFor(flavor: Flavor) {
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

  const recordNoun: 'Row' | 'Document' = flavor === 'rows' ? 'Row' : 'Document';
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
  return {
    flavor,
    n,
    isAvailable,
    statusOf,
    database,
    collection,
    recordNoun,
    msg,
    recordNotFound,
    roles,
    readable,
  };
}

export type Scope = ReturnType<typeof scopeFor>;
