// What each rate-limited route is in words, so the report can say plainly how the client's own budget
// keeping throttled a workload. Limits as documented in appwrite.md §10.2 (appwrite/appwrite
// app/controllers/api/account.php and app/init/constants.php `APP_LIMIT_WRITE_RATE_DEFAULT * 2`); the
// client itself learns them only from X-RateLimit-* headers (lib/api/rate-limit.ts). Pure.
import type { WorkloadName } from '../contract/run-plan.ts';

export interface RouteBudgetText {
  /** Workloads that call the route. */
  workloads: readonly WorkloadName[];
  /** What one request is, plural: "sign-ups". */
  requests: string;
  /** Appwrite's budget in words: "10 per hour per IP". */
  budget: string;
}

const WRITE_BUDGET = '120 per minute per IP and user';

export const ROUTE_BUDGETS: Readonly<Record<string, RouteBudgetText>> = {
  'POST /account': { workloads: ['auth'], requests: 'sign-ups', budget: '10 per hour per IP' },
  'POST /account/sessions/email': {
    workloads: ['auth'],
    requests: 'sign-ins',
    budget: '10 per hour per e-mail address',
  },
  'DELETE /account/sessions/current': {
    workloads: ['auth'],
    requests: 'sign-outs',
    budget: '100 per hour per IP',
  },
  'POST /tablesdb/{db}/tables/{t}/rows': {
    workloads: ['writes', 'limits'],
    requests: 'row creations',
    budget: WRITE_BUDGET,
  },
  'POST /databases/{db}/collections/{c}/documents': {
    workloads: ['writes', 'limits'],
    requests: 'document creations',
    budget: WRITE_BUDGET,
  },
};

/** The route's words, or generic ones for a route this table does not know. */
export function routeBudgetText(route: string): RouteBudgetText {
  return (
    ROUTE_BUDGETS[route] ?? {
      workloads: [],
      requests: `requests to ${route}`,
      budget: 'abuse-control budget for the route',
    }
  );
}
