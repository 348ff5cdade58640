// Documents (Databases) and rows (TablesDB): structure validation, create, get, list, update, delete.
import type { Handler } from '../../context.ts';
import { type Context, json, NO_CONTENT } from '../../context.ts';
import { AppwriteError } from '../../errors.ts';
import * as m from '../../messages-1.9.ts';
import { documentModel } from '../../models.ts';
import * as p from '../../params.ts';
import { allows, assertGrantable, ownerPermissions, parsePermissions } from '../../permissions.ts';
import { planList, queryDialect, queryStrings, runList } from '../../queries.ts';
import type { CollectionRecord, DocumentRecord } from '../../store.ts';
import type { Scope } from './scope.ts';
import { assertMay } from './scope.ts';

export function recordResource(s: Scope) {
  const { flavor, n, isAvailable, collection, recordNoun, recordNotFound, roles, readable, msg } = s;
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
  } satisfies Record<string, Handler>;
}
