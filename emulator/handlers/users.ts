// Users API with a key (reference appwrite.md §3: `POST /v1/users {userId*, email, phone, password, name}`).
import { type Handler, json, NO_CONTENT } from '../context.ts';
import { AppwriteError } from '../errors.ts';
import { isoDate, sessionModel, userModel } from '../models.ts';
import * as p from '../params.ts';
import { parsePermissions } from '../permissions.ts';
import { planList, queryDialect, queryStrings, runList } from '../queries.ts';
import type { AttributeRecord, DocumentRecord, UserRecord } from '../store.ts';
import { createUserRecord, passwordOf } from './account.ts';

export const createUser: Handler = (ctx) => {
  const id = p.customId(ctx.body, 'userId');
  const email = p.email(ctx.body, 'email', false);
  const password = passwordOf(ctx, false);
  const name = p.text(ctx.body, 'name', 128, false);
  const user = createUserRecord(ctx.store, ctx.settings.clock(), id, email, password, name);
  return json(201, userModel(user, ctx.settings.dialect, true));
};

export const getUser: Handler = (ctx) => {
  const user = ctx.store.users.get(ctx.path.userId ?? '');
  if (user === undefined) throw new AppwriteError('user_not_found');
  return json(200, userModel(user, ctx.settings.dialect, true));
};

/**
 * `GET /v1/users/{userId}/sessions` (key): the user's sessions in creation order, `{total, sessions}`,
 * each with `current: false` (`app/controllers/api/users.php` sets it so for every session); from 1.8.1
 * `total=false` answers total 0 (the 1.8.1 server spec's `total` parameter). Not recorded from 1.9.0;
 * the emulator blanks `secret` as for clients.
 */
export const listUserSessions: Handler = (ctx) => {
  const user = ctx.store.users.get(ctx.path.userId ?? '');
  if (user === undefined) throw new AppwriteError('user_not_found');
  const sessions = user.sessions.map((s) => sessionModel(s, false, ''));
  const totalWanted = p.wantsTotal(ctx.search, ctx.settings.dialect.tablesDb);
  return json(200, { total: totalWanted ? sessions.length : 0, sessions });
};

export const deleteUser: Handler = (ctx) => {
  const user = ctx.store.users.get(ctx.path.userId ?? '');
  if (user === undefined) throw new AppwriteError('user_not_found');
  ctx.store.deleteUser(user);
  return NO_CONTENT;
};

/**
 * The attributes `queries` may name on `GET /v1/users`: `Users::ALLOWED_ATTRIBUTES`
 * (appwrite/appwrite `src/Appwrite/Utopia/Database/Validator/Queries/Users.php`), as the 1.7.4, 1.8.1 and
 * master specs list them in the `queries` description (`labels` is missing from the 1.4.13 spec; the
 * emulator accepts it on every version). `$id`, `$createdAt`, `$updatedAt` come from `Queries\Base`.
 */
const USER_ATTRIBUTES: ReadonlyMap<string, AttributeRecord> = new Map(
  (
    [
      ['name', 'string'],
      ['email', 'string'],
      ['phone', 'string'],
      ['status', 'boolean'],
      ['passwordUpdate', 'string'],
      ['registration', 'string'],
      ['emailVerification', 'boolean'],
      ['phoneVerification', 'boolean'],
      ['labels', 'string'],
    ] as const
  ).map(([key, type]) => [
    key,
    { key, type, required: false, array: key === 'labels', default: null, createdAt: 0 },
  ]),
);

const NO_PERMISSIONS = parsePermissions([]);

/** A user as the query engine sees it; `sequence` keeps creation order (Appwrite's `_id` order). */
function userRow(user: UserRecord, sequence: number): DocumentRecord {
  return {
    id: user.id,
    sequence,
    createdAt: user.createdAt,
    updatedAt: user.updatedAt,
    permissions: NO_PERMISSIONS,
    data: {
      name: user.name,
      email: user.email,
      phone: '',
      status: true,
      passwordUpdate: isoDate(user.createdAt),
      registration: isoDate(user.createdAt),
      emailVerification: false,
      phoneVerification: false,
      labels: [],
    },
  };
}

/** MariaDB full-text words: letters, digits and `_` (InnoDB's default word characters). */
function words(text: string): string[] {
  return text
    .toLowerCase()
    .split(/[^\p{L}\p{N}_]+/u)
    .filter((w) => w !== '');
}

/**
 * `search` becomes `Query::search('search', …)` on the user's `search` attribute, which Appwrite fills
 * with `"$id $email $name"` (`users.php` create). utopia-php/database `getFulltextValue` strips
 * `@+-*)(<>~"`, then appends `*` to the term: in MariaDB boolean mode that is "any word matches, the
 * last one as a prefix". A quoted term is an exact phrase. The emulator applies that to the same words.
 */
function searchMatcher(term: string): (user: UserRecord) => boolean {
  const exact = term.length > 1 && term.startsWith('"') && term.endsWith('"');
  const wanted = words(term.replace(/[@+\-*)(<>~"]/g, ' '));
  if (wanted.length === 0) return () => true;
  return (user) => {
    const have = words(`${user.id} ${user.email} ${user.name}`);
    if (exact) {
      const phrase = wanted.join(' ');
      return ` ${have.join(' ')} `.includes(` ${phrase} `);
    }
    const last = wanted.length - 1;
    return wanted.some((w, i) => have.some((h) => h === w || (i === last && h.startsWith(w))));
  };
}

/**
 * `GET /v1/users` (appwrite/appwrite `src/Appwrite/Platform/Modules/Users/Http/Users/XList.php`;
 * 1.5–1.7 `app/controllers/api/users.php`): `queries[]`, `search` (Text(256)), and from 1.8.1 `total`
 * (`false` → total 0, not counted; in the 1.8.1 and master server specs, not in 1.7.4). Answers
 * `{ total, users }` (the `userList` model).
 */
export const listUsers: Handler = (ctx) => {
  const plan = planList(queryStrings(ctx.search), USER_ATTRIBUTES, () => true, {
    modern: false,
    searchNeedsIndex: queryDialect(ctx).searchNeedsIndex === true,
  });
  const term = p.text({ search: ctx.search.get('search') ?? undefined }, 'search', 256, false);
  const match = term === undefined ? () => true : searchMatcher(term);
  const rows: DocumentRecord[] = [];
  const all = new Map<string, DocumentRecord>();
  let sequence = 0;
  for (const user of ctx.store.users.values()) {
    const row = userRow(user, ++sequence);
    all.set(user.id, row);
    if (match(user)) rows.push(row);
  }
  // The cursor is fetched with `getDocument('users', id)`, so it only has to exist, not match.
  const { total, page } = runList(rows, plan, 'User', (id) => all.get(id));
  const totalWanted = p.wantsTotal(ctx.search, ctx.settings.dialect.tablesDb);
  return json(200, {
    total: totalWanted ? total : 0,
    users: page.map((row) =>
      userModel(ctx.store.users.get(row.id) as UserRecord, ctx.settings.dialect, true),
    ),
  });
};
