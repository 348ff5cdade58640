// Response models, field for field as `src/Appwrite/Utopia/Response/Model/*.php` and the version's spec
// (`../shared/specs/`) describe them; dialect flags add or drop the fields that changed between versions.
import type { Dialect } from './dialect.ts';
import type {
  AttributeRecord,
  CollectionRecord,
  DatabaseRecord,
  DocumentRecord,
  SessionRecord,
  UserRecord,
} from './store.ts';

/** Appwrite's date format: ISO 8601 with milliseconds and `+00:00` (`DateTime::formatTz`). */
let lastMs = Number.NaN;
let lastIso = '';
export function isoDate(ms: number): string {
  // Many records share a millisecond under load; formatting once per ms keeps this off the profile.
  if (ms !== lastMs) {
    lastMs = ms;
    lastIso = new Date(ms).toISOString().replace('Z', '+00:00');
  }
  return lastIso;
}

/**
 * `withHash`: the Users API (`POST/GET /v1/users…`) shows `password` (the hash), `hash` and
 * `hashOptions`; the Account API does not (recorded: users.jsonl vs account.jsonl). 1.9 adds
 * `impersonator`/`impersonatorUserId` to both.
 */
export function userModel(user: UserRecord, dialect: Dialect, withHash = false): Record<string, unknown> {
  const model: Record<string, unknown> = {
    $id: user.id,
    $createdAt: isoDate(user.createdAt),
    $updatedAt: isoDate(user.updatedAt),
    name: user.name,
  };
  if (withHash) {
    model.password = user.passwordHash;
    model.hash = 'argon2';
    // Appwrite's argon2 defaults (recorded on every `/v1/users` answer of 1.9.0).
    model.hashOptions = { type: 'argon2', memory_cost: 65536, time_cost: 4, threads: 3 };
  }
  Object.assign(model, {
    registration: isoDate(user.createdAt),
    status: true,
    labels: [],
    passwordUpdate: isoDate(user.createdAt),
    email: user.email,
    phone: '',
    emailVerification: false,
    phoneVerification: false,
    mfa: false,
    prefs: {},
    targets: user.email === '' ? [] : [targetModel(user)],
    accessedAt: isoDate(user.accessedAt),
  });
  if (dialect.family === '1.9') {
    model.impersonator = false;
    model.impersonatorUserId = null;
  }
  return model;
}

/** The e-mail messaging target Appwrite creates with every user that has an e-mail. */
function targetModel(user: UserRecord): Record<string, unknown> {
  return {
    $id: user.targetId,
    $createdAt: isoDate(user.createdAt),
    $updatedAt: isoDate(user.createdAt),
    name: '',
    userId: user.id,
    providerId: null,
    providerType: 'email',
    identifier: user.email,
    expired: false,
  };
}

/**
 * `secret` is a sensitive field: blank unless the caller used a key (reference §3 gotcha 2,
 * `src/Appwrite/Utopia/Response.php` @1.5.0).
 */
export function sessionModel(
  session: SessionRecord,
  current: boolean,
  secret: string,
): Record<string, unknown> {
  return {
    $id: session.id,
    $createdAt: isoDate(session.createdAt),
    $updatedAt: isoDate(session.createdAt),
    userId: session.userId,
    expire: isoDate(session.expire),
    provider: 'email',
    providerUid: session.email,
    providerAccessToken: '',
    providerAccessTokenExpiry: '',
    providerRefreshToken: '',
    ip: session.ip,
    osCode: '',
    osName: '',
    osVersion: '',
    clientType: '',
    clientCode: '',
    clientName: '',
    clientVersion: '',
    clientEngine: '',
    clientEngineVersion: '',
    deviceName: '',
    deviceBrand: '',
    deviceModel: '',
    countryCode: '--',
    countryName: 'Unknown',
    current,
    factors: ['password'],
    secret,
    mfaUpdatedAt: '',
  };
}

export function databaseModel(db: DatabaseRecord, dialect: Dialect): Record<string, unknown> {
  const model: Record<string, unknown> = {
    $id: db.id,
    name: db.name,
    $createdAt: isoDate(db.createdAt),
    $updatedAt: isoDate(db.updatedAt),
    enabled: db.enabled,
  };
  if (dialect.databaseType) model.type = db.type;
  return model;
}

export type Flavor = 'documents' | 'rows';

export function attributeStatus(
  attribute: AttributeRecord,
  now: number,
  delayMs: number,
): 'processing' | 'available' {
  return attribute.inline || now - attribute.createdAt >= delayMs ? 'available' : 'processing';
}

export function attributeModel(
  attribute: AttributeRecord,
  status: string,
  dialect: Dialect,
): Record<string, unknown> {
  const model: Record<string, unknown> = {
    key: attribute.key,
    type: attribute.type,
    status,
    error: '',
    required: attribute.required,
    array: attribute.array,
  };
  if (dialect.attributeTimestamps) {
    model.$createdAt = isoDate(attribute.createdAt);
    model.$updatedAt = isoDate(attribute.createdAt);
  }
  if (attribute.type === 'string') model.size = attribute.size;
  if (attribute.type === 'integer') {
    model.min = attribute.min;
    model.max = attribute.max;
  }
  model.default = attribute.default;
  if (attribute.type === 'string' && dialect.family === '1.9') model.encrypt = false;
  return model;
}

export function collectionModel(
  c: CollectionRecord,
  flavor: Flavor,
  dialect: Dialect,
  status: (a: AttributeRecord) => string,
): Record<string, unknown> {
  const attributes = [...c.attributes.values()].map((a) => attributeModel(a, status(a), dialect));
  const model: Record<string, unknown> = {
    $id: c.id,
    $createdAt: isoDate(c.createdAt),
    $updatedAt: isoDate(c.updatedAt),
    $permissions: c.permissions.strings,
    databaseId: c.databaseId,
    name: c.name,
    enabled: c.enabled,
  };
  if (flavor === 'rows') {
    model.rowSecurity = c.security;
    model.columns = attributes;
  } else {
    model.documentSecurity = c.security;
    model.attributes = attributes;
  }
  model.indexes = [];
  if (dialect.collectionBytes) {
    model.bytesMax = ROW_BYTES_MAX;
    model.bytesUsed = rowBytesUsed(c);
  }
  return model;
}

/** MariaDB's row size limit, as 1.9.0 reports it (recorded on every table/collection). */
const ROW_BYTES_MAX = 65535;
/** What an empty table already uses: Appwrite's internal columns (recorded: 1067 with no columns). */
const ROW_BYTES_BASE = 1067;

/**
 * utopia-php/database `getAttributeWidth` for MariaDB: VARCHAR(n) utf8mb4 is `4n` plus 1 length byte
 * (2 above 255 characters), INT 4 bytes (BIGINT 8 beyond 32 bits), TINYINT(1) 1. Checked against the
 * recording: string(128) + integer(0..1000) + boolean = 1067 + 518 = 1585 (tablesdb.jsonl seq 14).
 */
function rowBytesUsed(c: CollectionRecord): number {
  let total = ROW_BYTES_BASE;
  for (const a of c.attributes.values()) {
    if (a.array) total += 8;
    else if (a.type === 'string') {
      const size = a.size ?? 0;
      total += size * 4 + (size > 255 ? 2 : 1);
    } else if (a.type === 'integer') {
      const wide = (a.max ?? 0) > 2_147_483_647 || (a.min ?? 0) < -2_147_483_648;
      total += wide ? 8 : 4;
    } else total += 1;
  }
  return total;
}

export function documentModel(
  doc: DocumentRecord,
  c: CollectionRecord,
  flavor: Flavor,
  dialect: Dialect,
  select?: readonly string[],
): Record<string, unknown> {
  // With `select`, 1.9.0 puts the selected attributes first, then the system fields (recorded:
  // tablesdb.jsonl seq 35).
  if (select !== undefined) {
    const chosen: Record<string, unknown> = {};
    for (const key of select) if (key in doc.data) chosen[key] = doc.data[key];
    return { ...chosen, ...documentModel({ ...doc, data: {} }, c, flavor, dialect) };
  }
  const model: Record<string, unknown> = { $id: doc.id };
  // A string from 1.9.0 (recorded), a number in 1.7–1.8 (their specs: `integer`).
  if (dialect.documentSequence)
    model.$sequence = dialect.family === '1.9' ? String(doc.sequence) : doc.sequence;
  if (flavor === 'rows') model.$tableId = c.id;
  else model.$collectionId = c.id;
  model.$databaseId = c.databaseId;
  model.$createdAt = isoDate(doc.createdAt);
  model.$updatedAt = isoDate(doc.updatedAt);
  model.$permissions = doc.permissions.strings;
  for (const [k, v] of Object.entries(doc.data)) model[k] = v;
  return model;
}
