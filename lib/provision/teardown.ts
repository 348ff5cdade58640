// teardown(): deletes exactly what setup created (the run's database, which holds its collection/table
// and every record; the pool users; the users the auth workload signed up, found by their run-specific
// name), and nothing else. Idempotent: 404 means already gone. Reports, by id only, what it could not delete.
import { deleteUser, listUsersNamed } from '../api/account.ts';
import { jsonBody } from '../api/client.ts';
import type { DataDialect } from '../api/dialect.ts';
import { AppwriteRequestError } from '../api/errors.ts';
import { keyHeaders } from '../api/headers.ts';
import type { RequestSpec } from '../api/request.ts';
import { DIALECTS } from '../api/select.ts';
import type { Config } from '../config/parse.ts';
import type { RunIdentity } from '../identity.ts';
import { warn } from '../log.ts';
import { sendReliably } from './reliable-send.ts';
import { identityOf, readSetupData } from './setup-data.ts';

/** Users deleted per listing round, and the most rounds: bounds the loop at 100 000 signed-up users. */
const PAGE = 100;
const MAX_PAGES = 1000;

export interface CleanupScope {
  identity: RunIdentity;
  dialect: DataDialect | null;
  databaseCreated: boolean;
  poolUsersCreated: number;
}

export interface CleanupReport {
  deleted: number;
  /** `id: reason` for everything that could not be deleted. */
  failed: string[];
}

export function cleanUp(config: Config, scope: CleanupScope): CleanupReport {
  const headers = keyHeaders(config.projectId, config.apiKey);
  const report: CleanupReport = { deleted: 0, failed: [] };
  // Retried on transient failures (lib/provision/retry-policy.ts); deletes are idempotent (404 = gone).
  const remove = (spec: RequestSpec, id: string) => {
    try {
      const response = sendReliably(config.endpoint, { spec, headers, ok: [204, 404] });
      if (response.status === 204) report.deleted++;
      return true;
    } catch (error) {
      report.failed.push(
        `${id}: ${error instanceof AppwriteRequestError ? `status ${error.status}` : String(error)}`,
      );
      return false;
    }
  };

  for (let i = 0; i < scope.poolUsersCreated; i++) {
    const id = scope.identity.poolUserId(i);
    remove(deleteUser(id), id);
  }

  // Users signed up by the auth workload carry the run's user name; list and delete until none is left.
  const list = listUsersNamed(scope.identity.userName, PAGE);
  for (let page = 0; page < MAX_PAGES; page++) {
    let users: unknown;
    let status = 0;
    try {
      const response = sendReliably(config.endpoint, { spec: list, headers, ok: [200] });
      status = response.status;
      users = jsonBody(response)?.users;
    } catch (error) {
      status = error instanceof AppwriteRequestError ? error.status : 0;
    }
    if (!Array.isArray(users)) {
      report.failed.push(`users named "${scope.identity.userName}": listing answered ${status}`);
      break;
    }
    if (users.length === 0) break;
    let progressed = false;
    for (const user of users) {
      const id = (user as { $id?: unknown }).$id;
      if (typeof id === 'string' && remove(deleteUser(id), id)) progressed = true;
    }
    if (!progressed) break;
  }

  if (scope.databaseCreated && scope.dialect) {
    remove(scope.dialect.deleteDatabase(scope.identity.databaseId), scope.identity.databaseId);
  }

  if (report.failed.length > 0) {
    warn(`teardown could not delete ${report.failed.length} resource(s): ${report.failed.join('; ')}`);
  }
  return report;
}

/** teardown(data): cleans up after a completed setup; does nothing without setup data. */
export function tearDown(config: Config, data: unknown): CleanupReport | null {
  const setup = readSetupData(data);
  if (setup === null) return null;
  return cleanUp(config, {
    identity: identityOf(setup),
    dialect: DIALECTS[setup.api],
    databaseCreated: true,
    poolUsersCreated: setup.sessions.length,
  });
}
