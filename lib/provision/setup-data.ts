// What setup() hands to every VU (and to handleSummary as data.setup_data). k6 serialises it to JSON and
// each VU parses its own copy (k6.md §4), so it stays small: ids that follow a pattern are derived, not
// listed; only session values, which the server chose, are stored. Holds session secrets: never log it.
// Pure.
import type { ApiFamily } from '../api/version.ts';
import { RunIdentity } from '../identity.ts';

export const SETUP_DATA_VERSION = 1;
/** k6 copies setup data to every VU: keep it at most this size at 500 VUs (issue 5). */
export const SETUP_DATA_BUDGET_BYTES = 256 * 1024;
/** Pool users beyond this are shared by VUs (each VU still has its own client address). */
export const MAX_POOL_SIZE = 500;

export interface SetupData {
  version: typeof SETUP_DATA_VERSION;
  runId: string;
  instance: string;
  serverVersion: string;
  api: ApiFamily;
  /** Session value (`a_session_<project>` cookie) of pool user i, in order. */
  sessions: string[];
  /** Seeded records have ids `identity.seedRecordId(0 … seedCount-1)`. */
  seedCount: number;
  /** Unix ms when setup finished. */
  preparedAt: number;
}

export function buildSetupData(fields: Omit<SetupData, 'version'>): SetupData {
  return { version: SETUP_DATA_VERSION, ...fields };
}

export function identityOf(data: SetupData): RunIdentity {
  return new RunIdentity(data.runId, data.instance);
}

export function setupDataBytes(data: SetupData): number {
  // JSON is ASCII here (ids, base64 session values), so string length equals byte length.
  return JSON.stringify(data).length;
}

export class InvalidSetupDataError extends Error {
  override name = 'InvalidSetupDataError' as const;
}

/** Checks what k6 passed to a VU or to handleSummary; `null` when there is none (setup did not run). */
export function readSetupData(value: unknown): SetupData | null {
  if (value === undefined || value === null) return null;
  const data = value as Partial<SetupData>;
  if (
    typeof value !== 'object' ||
    data.version !== SETUP_DATA_VERSION ||
    typeof data.runId !== 'string' ||
    typeof data.instance !== 'string' ||
    typeof data.serverVersion !== 'string' ||
    (data.api !== 'databases' && data.api !== 'tablesdb') ||
    !Array.isArray(data.sessions) ||
    typeof data.seedCount !== 'number'
  ) {
    throw new InvalidSetupDataError(
      `setup data: expected version ${SETUP_DATA_VERSION} with runId, instance, serverVersion, api, sessions, seedCount; got another shape`,
    );
  }
  return value as SetupData;
}

/** Pool user index for a VU: VU ids start at 1; beyond the pool, VUs share users round-robin. */
export function poolIndexFor(vuIdInTest: number, poolSize: number): number {
  if (poolSize <= 0) throw new RangeError('the user pool is empty');
  return (Math.max(1, vuIdInTest) - 1) % poolSize;
}
