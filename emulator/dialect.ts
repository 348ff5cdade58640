// Which routes, bodies and rules a given Appwrite version has (reference appwrite.md §1, §3–§5, §10).
// One entry per API-shape family; 0.6 / 0.7 can be added later as further families with their own
// flags (form bodies, `{sum, documents}` lists, `read[]/write[]` permissions) without touching callers.

export class UnsupportedVersionError extends Error {
  override name = 'UnsupportedVersionError' as const;
}

export interface Dialect {
  /** The version answered by `GET /v1/health/version` and in error bodies, e.g. '1.9.6'. */
  readonly version: string;
  readonly family: '1.5' | '1.7' | '1.8' | '1.9';
  /** `/v1/tablesdb/*` routes exist (1.8.0+). */
  readonly tablesDb: boolean;
  /** `X-Appwrite-Session` is read as a session transport (1.5.0+). */
  readonly sessionHeader: boolean;
  /** Login with a session attached answers 401 `user_session_already_exists` (1.5.0+). */
  readonly rejectLoginWithSession: boolean;
  /** `$sequence` on documents/rows (in the 1.7.4 spec, not in 1.4.13). */
  readonly documentSequence: boolean;
  /** `$createdAt`/`$updatedAt` on attribute models (in the 1.7.4 spec, not in 1.4.13). */
  readonly attributeTimestamps: boolean;
  /** Database model carries `type: legacy|tablesdb` (1.8 spec). */
  readonly databaseType: boolean;
  /** Collection/table models carry `bytesMax`/`bytesUsed` (master 2026-02-16 spec, i.e. 1.9). */
  readonly collectionBytes: boolean;
  /** Table create accepts inline `columns[]`, created already `available` (1.9.0+). */
  readonly inlineColumns: boolean;
  /** A 201 login resets the per-email login counter (`abuse-reset [201]`, 1.9.0+). */
  readonly loginResetsAbuse: boolean;
}

/** Latest patch known per minor, used when a version is given as `1.8` or `1.8.x`. */
const latestPatch: Record<string, string> = {
  '1.5': '1.5.0',
  '1.6': '1.6.2',
  '1.7': '1.7.4',
  '1.8': '1.8.1',
  '1.9': '1.9.0',
};

/** The recorded real server (`../shared/fixtures/appwrite-1.9.0/`). */
export const DEFAULT_APPWRITE_VERSION = '1.9.0';
export const SUPPORTED_VERSIONS = '1.5.x, 1.6.x, 1.7.x, 1.8.x, 1.9.x';

export function dialectFor(requested: string): Dialect {
  const match = /^(\d+)\.(\d+)(?:\.(\d+|x))?$/.exec(requested.trim());
  const minor = match ? `${match[1]}.${match[2]}` : undefined;
  const base = minor === undefined ? undefined : latestPatch[minor];
  if (!match || minor === undefined || base === undefined) {
    throw new UnsupportedVersionError(
      `unsupported Appwrite version: expected one of ${SUPPORTED_VERSIONS} (e.g. 1.9.6 or 1.8.x), got \`${requested}\``,
    );
  }
  const patch = match[3];
  const version = patch === undefined || patch === 'x' ? base : `${minor}.${patch}`;
  const n = Number(match[2]);
  const family = n >= 9 ? '1.9' : n === 8 ? '1.8' : n === 7 ? '1.7' : '1.5';
  return {
    version,
    family,
    tablesDb: n >= 8,
    sessionHeader: true,
    rejectLoginWithSession: true,
    documentSequence: n >= 7,
    attributeTimestamps: n >= 7,
    databaseType: n >= 8,
    collectionBytes: n >= 9,
    inlineColumns: n >= 9,
    loginResetsAbuse: n >= 9,
  };
}
