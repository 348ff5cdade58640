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

export function userModel(user: UserRecord): Record<string, unknown> {
  return {
    $id: user.id,
    $createdAt: isoDate(user.createdAt),
    $updatedAt: isoDate(user.updatedAt),
    name: user.name,
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
    targets: [],
    accessedAt: isoDate(user.accessedAt),
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
    model.bytesMax = 0;
    model.bytesUsed = 0;
  }
  return model;
}

export function documentModel(
  doc: DocumentRecord,
  c: CollectionRecord,
  flavor: Flavor,
  dialect: Dialect,
): Record<string, unknown> {
  const model: Record<string, unknown> = { $id: doc.id };
  if (dialect.documentSequence) model.$sequence = doc.sequence;
  if (flavor === 'rows') model.$tableId = c.id;
  else model.$collectionId = c.id;
  model.$databaseId = c.databaseId;
  model.$createdAt = isoDate(doc.createdAt);
  model.$updatedAt = isoDate(doc.updatedAt);
  model.$permissions = doc.permissions.strings;
  for (const [k, v] of Object.entries(doc.data)) model[k] = v;
  return model;
}
