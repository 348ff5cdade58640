// teardown(): deletes exactly what setup created (the run's database, which holds its collection/table
// and every record; the pool users; the users the auth workload signed up, found by their run-specific
// name), and nothing else. Idempotent: 404 means already gone. Reports, by id only, what it could not delete.
import { deleteUser, listUsersNamed } from '../api/account.ts';
import { jsonBody, send } from '../api/client.ts';
import type { DataDialect } from '../api/dialect.ts';
import { keyHeaders } from '../api/headers.ts';
import type { RequestSpec } from '../api/request.ts';
import { DIALECTS } from '../api/select.ts';
import type { Config } from '../config/parse.ts';
import type { RunIdentity } from '../identity.ts';
import { warn } from '../log.ts';
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
  const remove = (spec: RequestSpec, id: string) => {
    const { response } = send(config.endpoint, spec, {
      headers,
      text: true,
      unrecorded: true,
      expected: [204, 404],
    });
    if (response.status === 204) report.deleted++;
    else if (response.status !== 404) report.failed.push(`${id}: status ${response.status}`);
    return response.status === 204 || response.status === 404;
  };

  for (let i = 0; i < scope.poolUsersCreated; i++) {
    const id = scope.identity.poolUserId(i);
    remove(deleteUser(id), id);
  }

  // Users signed up by the auth workload carry the run's user name; list and delete until none is left.
  const list = listUsersNamed(scope.identity.userName, PAGE);
  for (let page = 0; page < MAX_PAGES; page++) {
    const { response } = send(config.endpoint, list, { headers, text: true, unrecorded: true });
    const users = response.status === 200 ? jsonBody(response)?.users : undefined;
    if (!Array.isArray(users)) {
      report.failed.push(`users named "${scope.identity.userName}": listing answered ${response.status}`);
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
