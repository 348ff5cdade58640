// setup(): everything the VUs need, created with the API key (server mode: no abuse budget spent,
// appwrite.md §10.5), except the pool users' logins, which are client calls like the ones measured. Every
// request is retried on transient failures (lib/provision/retry-policy.ts); pool users are created and
// logged in SETUP_CONCURRENCY at a time.
// On any failure it deletes what it created so far and rethrows: k6 runs no teardown after a failed setup.
import { sleep } from 'k6';
import type { RefinedResponse, ResponseType } from 'k6/http';
import { createEmailSession, createUser, healthVersion } from '../api/account.ts';
import { jsonBody } from '../api/client.ts';
import type { DataDialect } from '../api/dialect.ts';
import { headerValue, keyHeaders, projectHeaders } from '../api/headers.ts';
import type { RequestSpec } from '../api/request.ts';
import { dialectForVersion } from '../api/select.ts';
import { sessionFromHeaders } from '../api/session.ts';
import type { Config } from '../config/parse.ts';
import { BENCH_PASSWORD, FIELDS, generateRunId, RunIdentity, randomSuffix } from '../identity.ts';
import { sendAllReliably, sendReliably } from './reliable-send.ts';
import { buildSetupData, type SetupData } from './setup-data.ts';
import { cleanUp } from './teardown.ts';

/** Records seeded for the reads workload. */
export const SEED_COUNT = 20;
/** Bounded wait for each attribute/column (Appwrite's own benchmark waits 120 s, polling every 0.5 s). */
export const FIELD_WAIT_SECONDS = 120;
const FIELD_POLL_SECONDS = 0.5;

/** Collection/table permissions: any signed-in user may create and read (appwrite.md §7). */
export const CONTAINER_PERMISSIONS = ['create("users")', 'read("users")'] as const;

export class SetupError extends Error {
  override name = 'SetupError' as const;
}

function probeVersion(config: Config): string {
  const spec = healthVersion();
  const response = sendReliably(config.endpoint, { spec, headers: {}, ok: [200] });
  const version = jsonBody(response)?.version;
  if (typeof version !== 'string') {
    throw new SetupError(
      `${spec.name}: expected a body {"version": "1.x.y"}; set APPWRITE_VERSION to skip the probe`,
    );
  }
  return version;
}

function waitUntilAvailable(config: Config, dialect: DataDialect, identity: RunIdentity, key: string): void {
  const spec = dialect.getField(identity.databaseId, identity.containerId, key);
  const headers = keyHeaders(config.projectId, config.apiKey);
  const deadline = Date.now() + FIELD_WAIT_SECONDS * 1000;
  let status = 'unknown';
  // Bounded: at most FIELD_WAIT_SECONDS / FIELD_POLL_SECONDS polls.
  while (Date.now() < deadline) {
    const body = jsonBody(sendReliably(config.endpoint, { spec, headers, ok: [200] }));
    status = typeof body?.status === 'string' ? body.status : 'unknown';
    if (status === 'available') return;
    if (status === 'failed' || status === 'stuck') break;
    sleep(FIELD_POLL_SECONDS);
  }
  throw new SetupError(
    `${dialect.fieldNoun} \`${key}\` of ${identity.containerId} is \`${status}\`, expected \`available\` within ${FIELD_WAIT_SECONDS} s (is the databases worker running?)`,
  );
}

/** The session value of a login response, or a SetupError when it carries none. */
function sessionOf(
  config: Config,
  spec: RequestSpec,
  response: RefinedResponse<ResponseType | undefined>,
): string {
  const session = sessionFromHeaders(
    config.projectId,
    headerValue(response.headers, 'X-Fallback-Cookies'),
    headerValue(response.headers, 'Set-Cookie'),
  );
  if (session === null) {
    throw new SetupError(
      `${spec.name}: the response carried no session (neither X-Fallback-Cookies nor Set-Cookie)`,
    );
  }
  return session;
}

/**
 * Logs pool users in as clients (no key), SETUP_CONCURRENCY at a time, and returns their session values.
 * Each try gets a fresh local jar (k6 docs "Cookies", Params.jar): a session cookie left by another login
 * makes 1.5+ refuse with user_session_already_exists (appwrite.md §3 gotcha 1). A retried login is harmless:
 * an extra session dies with its user in teardown.
 */
export function logInAll(config: Config, emails: readonly string[]): string[] {
  const specs = emails.map((email) => createEmailSession(email, BENCH_PASSWORD));
  const responses = sendAllReliably(
    config.endpoint,
    specs.map((spec) => ({ spec, headers: projectHeaders(config.projectId), ok: [201], freshJar: true })),
  );
  return responses.map((response, i) => sessionOf(config, specs[i] as RequestSpec, response));
}

export interface SetupProgress {
  identity: RunIdentity;
  dialect: DataDialect | null;
  databaseCreated: boolean;
  poolUsersCreated: number;
}

function provision(config: Config, poolSize: number, progress: SetupProgress): SetupData {
  const { identity } = progress;
  const serverVersion = config.serverVersion ?? probeVersion(config);
  const source = config.serverVersion === null ? 'GET /v1/health/version' : 'APPWRITE_VERSION';
  const dialect = dialectForVersion(serverVersion, source, config.apiPreference);
  progress.dialect = dialect;
  const headers = keyHeaders(config.projectId, config.apiKey);
  // Every create has a fixed id, so a 409 on a retry means an earlier try created it.
  const call = (spec: RequestSpec, ok: readonly number[]) =>
    sendReliably(config.endpoint, { spec, headers, ok, createsWithFixedId: true });

  call(dialect.createDatabase(identity.databaseId, identity.resourceName), [201]);
  progress.databaseCreated = true;
  call(
    dialect.createContainer(
      identity.databaseId,
      identity.containerId,
      identity.resourceName,
      CONTAINER_PERMISSIONS,
    ),
    [201],
  );
  for (const field of FIELDS)
    call(dialect.createField(identity.databaseId, identity.containerId, field), [202]);
  for (const field of FIELDS) waitUntilAvailable(config, dialect, identity, field.key);

  for (let i = 0; i < SEED_COUNT; i++) {
    const data = { title: `seed ${i}`, score: i, active: i % 2 === 0 };
    call(
      dialect.createRecord(identity.databaseId, identity.containerId, identity.seedRecordId(i), data),
      [201],
    );
  }

  // In parallel (bounded): one by one, 500 users took minutes on a real server, whose POST /v1/users and
  // logins take ~250 ms each (password hashing; issue 8).
  const indices = Array.from({ length: poolSize }, (_, i) => i);
  progress.poolUsersCreated = poolSize; // teardown treats 404 as gone, so claiming all is safe
  sendAllReliably(
    config.endpoint,
    indices.map((i) => ({
      spec: createUser(identity.poolUserId(i), identity.poolUserEmail(i), BENCH_PASSWORD, identity.userName),
      headers,
      ok: [201],
      createsWithFixedId: true,
    })),
  );
  const sessions = logInAll(
    config,
    indices.map((i) => identity.poolUserEmail(i)),
  );

  return buildSetupData({
    runId: identity.runId,
    instance: identity.instance,
    serverVersion,
    api: dialect.family,
    sessions,
    seedCount: SEED_COUNT,
    preparedAt: Date.now(),
  });
}

/** Creates the run's database, collection/table, seed records and user pool; returns the setup data. */
export function setUp(config: Config, poolSize: number): SetupData {
  const identity = new RunIdentity(
    config.runId ?? generateRunId(new Date(), Math.random),
    randomSuffix(6, Math.random),
  );
  const progress: SetupProgress = { identity, dialect: null, databaseCreated: false, poolUsersCreated: 0 };
  try {
    return provision(config, poolSize, progress);
  } catch (error) {
    cleanUp(config, progress);
    throw error;
  }
}
