// setup(): everything the VUs need, created with the API key (server mode: no abuse budget spent,
// appwrite.md §10.5), except the pool users' logins, which are client calls like the ones measured.
// On any failure it deletes what it created so far and rethrows: k6 runs no teardown after a failed setup.
import { sleep } from 'k6';
import http from 'k6/http';
import { createEmailSession, createUser, healthVersion } from '../api/account.ts';
import { jsonBody, type Sent, send } from '../api/client.ts';
import type { DataDialect } from '../api/dialect.ts';
import { AppwriteRequestError } from '../api/errors.ts';
import { headerValue, keyHeaders, projectHeaders } from '../api/headers.ts';
import type { RequestSpec } from '../api/request.ts';
import { dialectForVersion } from '../api/select.ts';
import { sessionFromHeaders } from '../api/session.ts';
import type { Config } from '../config/parse.ts';
import { BENCH_PASSWORD, FIELDS, generateRunId, RunIdentity, randomSuffix } from '../identity.ts';
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

function expect(sent: Sent, spec: RequestSpec, statuses: readonly number[]): Sent {
  if (!statuses.includes(sent.response.status)) {
    const body = typeof sent.response.body === 'string' ? sent.response.body : null;
    throw new AppwriteRequestError(spec.name, statuses, sent.response.status, body, {
      errorCode: sent.response.error_code,
      error: sent.response.error,
    });
  }
  return sent;
}

function probeVersion(config: Config): string {
  const spec = healthVersion();
  const sent = expect(
    send(config.endpoint, spec, { headers: {}, text: true, unrecorded: true }),
    spec,
    [200],
  );
  const version = jsonBody(sent.response)?.version;
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
    const sent = expect(send(config.endpoint, spec, { headers, text: true, unrecorded: true }), spec, [200]);
    const body = jsonBody(sent.response);
    status = typeof body?.status === 'string' ? body.status : 'unknown';
    if (status === 'available') return;
    if (status === 'failed' || status === 'stuck') break;
    sleep(FIELD_POLL_SECONDS);
  }
  throw new SetupError(
    `${dialect.fieldNoun} \`${key}\` of ${identity.containerId} is \`${status}\`, expected \`available\` within ${FIELD_WAIT_SECONDS} s (is the databases worker running?)`,
  );
}

/** Logs a pool user in as a client (no key) and returns its session value. */
export function logIn(config: Config, email: string): string {
  const spec = createEmailSession(email, BENCH_PASSWORD);
  // A fresh local jar (k6 docs "Cookies", local cookie jars; Params.jar): a session cookie left by another
  // login makes 1.5+ refuse with user_session_already_exists (appwrite.md §3 gotcha 1).
  const sent = expect(
    send(config.endpoint, spec, {
      headers: projectHeaders(config.projectId),
      text: true,
      unrecorded: true,
      jar: new http.CookieJar(),
    }),
    spec,
    [201],
  );
  const headers = sent.response.headers;
  const session = sessionFromHeaders(
    config.projectId,
    headerValue(headers, 'X-Fallback-Cookies'),
    headerValue(headers, 'Set-Cookie'),
  );
  if (session === null) {
    throw new SetupError(
      `${spec.name}: the response carried no session (neither X-Fallback-Cookies nor Set-Cookie)`,
    );
  }
  return session;
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
  const call = (spec: RequestSpec, statuses: readonly number[]) =>
    expect(send(config.endpoint, spec, { headers, text: true, unrecorded: true }), spec, statuses);

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

  const sessions: string[] = [];
  for (let i = 0; i < poolSize; i++) {
    call(
      createUser(identity.poolUserId(i), identity.poolUserEmail(i), BENCH_PASSWORD, identity.userName),
      [201],
    );
    progress.poolUsersCreated = i + 1;
    sessions.push(logIn(config, identity.poolUserEmail(i)));
  }

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
