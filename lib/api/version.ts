// Which API dialect a server version speaks. Pure: no k6, no Node.
// Boundaries from ../shared/reference/appwrite.md §1 and §8: 1.5 adds JSON queries and `X-Appwrite-Session`,
// 1.8 adds TablesDB (`/v1/tablesdb`, tables/rows) and deprecates the Collections API, which it still serves.

/** The data APIs this library can drive. 0.6/0.7 (`/v1/database`) and 1.0–1.4 (string queries) come later. */
export type ApiFamily = 'databases' | 'tablesdb';

export interface ServerVersion {
  major: number;
  minor: number;
  patch: number;
  /** As given, e.g. `1.8.1` or `1.9.0-rc.1`. */
  text: string;
}

/** Versions this build drives: 1.5 up to the newest 1.x. */
export const SUPPORTED_VERSIONS = '1.5 to 1.9 (any 1.x from 1.5 on)';

export class UnsupportedServerVersionError extends Error {
  override name = 'UnsupportedServerVersionError' as const;
  constructor(given: string, source: string) {
    super(`unsupported Appwrite version from ${source}: expected ${SUPPORTED_VERSIONS}, got \`${given}\``);
  }
}

const VERSION_PATTERN = /^(\d+)\.(\d+)(?:\.(\d+))?(?:-[0-9A-Za-z.-]+)?$/;

/** Parses `1.8`, `1.8.1` or `1.9.0-rc.1`; `null` when the text is not a version at all. */
export function parseServerVersion(text: string): ServerVersion | null {
  const match = VERSION_PATTERN.exec(text.trim());
  if (!match) return null;
  return {
    major: Number(match[1]),
    minor: Number(match[2]),
    patch: match[3] === undefined ? 0 : Number(match[3]),
    text: text.trim(),
  };
}

export function isSupported(version: ServerVersion): boolean {
  return version.major === 1 && version.minor >= 5;
}

/**
 * The data API to use: Databases (collections/documents) for 1.5–1.7, TablesDB (tables/rows) from 1.8.
 * `prefer` keeps the deprecated Databases routes on 1.8+ (they are still served there).
 */
export function apiFamilyFor(version: ServerVersion, prefer?: ApiFamily): ApiFamily {
  if (!isSupported(version)) throw new UnsupportedServerVersionError(version.text, 'the server');
  const hasTablesDb = version.minor >= 8;
  if (prefer === 'databases' || !hasTablesDb) return 'databases';
  return 'tablesdb';
}
