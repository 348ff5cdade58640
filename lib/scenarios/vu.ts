// Per-VU state shared by the workloads: who this VU is (pool user, client address) and what it learnt
// about abuse budgets. k6 gives every VU its own copy of module state and the same parsed setup data on
// every iteration (k6.md §4), so caching here is per VU.
import { sleep } from 'k6';
import exec from 'k6/execution';
import type { DataDialect } from '../api/dialect.ts';
import { clientHeaders, type Headers } from '../api/headers.ts';
import { clientJitter, type RateLimitHeaders, RouteBudget } from '../api/rate-limit.ts';
import { DIALECTS } from '../api/select.ts';
import { clientAddress } from '../client-address.ts';
import type { Config } from '../config/parse.ts';
import type { RunIdentity } from '../identity.ts';
import { budgetSkipped, budgetWait } from '../metrics.ts';
import { identityOf, poolIndexFor, readSetupData, type SetupData } from '../provision/setup-data.ts';

export interface VuContext {
  config: Config;
  setup: SetupData;
  identity: RunIdentity;
  dialect: DataDialect;
  /** `exec.vu.idInTest`: fixed for the VU's life. */
  vu: number;
  /** This VU's simulated client address. */
  address: string;
  /** This VU's pool user's session value, or `null` when the pool is empty. */
  session: string | null;
  /** Headers of this VU's pool user: project, session, client address. */
  poolHeaders: Headers;
}

let cached: VuContext | null = null;

export class MissingSetupDataError extends Error {
  override name = 'MissingSetupDataError' as const;
  constructor() {
    super('no setup data: the workloads need setup() to have run (do not pass --no-setup)');
  }
}

/**
 * This VU's context, built on its first iteration. The VU keeps its own session and lets go of the other
 * pool users' ones: k6 decodes setup data once per VU and hands every iteration that same object, and a
 * change to it stays in this VU (k6.md §4), so emptying `sessions` frees most of this VU's copy.
 */
export function vuContext(config: Config, data: unknown): VuContext {
  if (cached !== null && cached.setup === data) return cached;
  const setup = readSetupData(data);
  if (setup === null) throw new MissingSetupDataError();
  const vu = exec.vu.idInTest;
  const address = clientAddress(config.clientIps, setup.runId, vu);
  const session =
    setup.sessions.length > 0 ? (setup.sessions[poolIndexFor(vu, setup.sessions.length)] ?? null) : null;
  setup.sessions = [];
  cached = {
    config,
    setup,
    identity: identityOf(setup),
    dialect: DIALECTS[setup.api],
    vu,
    address,
    session,
    poolHeaders: clientHeaders(config.projectId, session, address),
  };
  return cached;
}

const budgets = new Map<string, RouteBudget>();

/** Closed-model executors loop as fast as they can; a skipped iteration pauses so it does not spin. */
const CLOSED_EXECUTORS = new Set(['constant-vus', 'ramping-vus', 'per-vu-iterations', 'shared-iterations']);
const SKIP_PAUSE_SECONDS = 1;

/**
 * Whether to send a request on `route` now. With ABUSE=enabled the VU stays inside the budget the server
 * announced: it waits for the window to reset when that is at most `maxWaitSeconds` away, and otherwise
 * does not send (counted in appwrite_budget_skipped{name}). With ABUSE=disabled it always sends.
 */
export function mayCall(
  config: Config,
  route: string,
  maxWaitSeconds: number,
  options: { pace: boolean } = { pace: false },
): boolean {
  if (config.abuse === 'disabled') return true;
  let budget = budgets.get(route);
  if (!budget) {
    budget = new RouteBudget(maxWaitSeconds, 1, options.pace ? clientJitter(exec.vu.idInTest) : null);
    budgets.set(route, budget);
  }
  const decision = budget.decide(Date.now() / 1000);
  if (decision.action === 'send') return true;
  if (decision.action === 'wait') {
    // Outside any request, so never part of http_req_duration; counted here instead.
    budgetWait.add(decision.seconds, { name: route });
    sleep(decision.seconds);
    if (decision.until === 'reset') budget.windowPassed();
    return true;
  }
  budgetSkipped.add(1, { name: route });
  if (CLOSED_EXECUTORS.has(exec.scenario.executor)) sleep(SKIP_PAUSE_SECONDS);
  return false;
}

/** Feeds a response's `X-RateLimit-*` headers to the route's budget. */
export function observeBudget(route: string, headers: RateLimitHeaders | null): void {
  budgets.get(route)?.observe(headers, Date.now() / 1000);
}
