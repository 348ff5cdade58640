// Picks the data dialect for a server version. Pure.
import { databasesDialect } from './databases.ts';
import type { DataDialect } from './dialect.ts';
import { tablesDbDialect } from './tablesdb.ts';
import {
  type ApiFamily,
  apiFamilyFor,
  parseServerVersion,
  UnsupportedServerVersionError,
} from './version.ts';

export const DIALECTS: Record<ApiFamily, DataDialect> = {
  databases: databasesDialect,
  tablesdb: tablesDbDialect,
};

/** The dialect for `versionText`; throws UnsupportedServerVersionError naming where the version came from. */
export function dialectForVersion(versionText: string, source: string, prefer?: ApiFamily): DataDialect {
  const version = parseServerVersion(versionText);
  if (!version) throw new UnsupportedServerVersionError(versionText, source);
  try {
    return DIALECTS[apiFamilyFor(version, prefer)];
  } catch {
    throw new UnsupportedServerVersionError(versionText, source);
  }
}
