// writes: as the VU's pool user, create one document/row per iteration. Appwrite limits creates to 120 per
// 60 s per IP, method, route and user (appwrite.md §10.2); with ABUSE=enabled the VU spreads what
// X-RateLimit-Remaining allows over the rest of the window (with its own jitter) and, should the budget still
// run out, waits for the window reset instead of sending a request the server would refuse.
import exec from 'k6/execution';
import { type PreparedRequest, prepare, sendPrepared } from '../api/client.ts';
import type { Config } from '../config/parse.ts';
import { ResponseCheck } from './checks.ts';
import { mayCall, observeBudget, type VuContext, vuContext } from './vu.ts';

/** Windows are 60 s long, so a wait never exceeds one window (plus the clock margin). */
export const WRITES_MAX_WAIT_SECONDS = 61;

export function recordData(vu: number, iteration: number): { title: string; score: number; active: boolean } {
  return {
    title: `vu ${vu} iteration ${iteration}`,
    score: iteration % 1_000_000,
    active: iteration % 2 === 0,
  };
}

/** The create request of this VU, built on its first iteration: only the body changes per iteration. */
interface WritesPlan {
  ctx: VuContext;
  tags: Record<string, string>;
  create: PreparedRequest;
  check: ResponseCheck;
}

let plan: WritesPlan | null = null;
const NO_TAGS: Record<string, string> = {};
const PACED = { pace: true };

function planFor(ctx: VuContext, tags: Record<string, string>): WritesPlan {
  if (plan !== null && plan.ctx === ctx && plan.tags === tags) return plan;
  const { databaseId, containerId } = ctx.identity;
  const spec = ctx.dialect.createRecord(databaseId, containerId, 'unique()', {});
  // Only with ABUSE=enabled does a budget read X-RateLimit-* (a server without abuse control sends none).
  const readRateLimit = ctx.config.abuse === 'enabled';
  plan = {
    ctx,
    tags,
    create: prepare(ctx.config.endpoint, spec, { headers: ctx.poolHeaders, tags, readRateLimit }),
    check: new ResponseCheck(spec.name, 201, ['returns the new record']),
  };
  return plan;
}

export function runWrites(config: Config, data: unknown, tags: Record<string, string> = NO_TAGS): void {
  const { ctx, create, check } = planFor(vuContext(config, data), tags);
  const record = recordData(ctx.vu, exec.scenario.iterationInTest);
  // Paced: the VU spreads its remaining creates over the rest of the window (lib/api/rate-limit.ts).
  if (!mayCall(config, create.name, WRITES_MAX_WAIT_SECONDS, PACED)) return;
  const body = JSON.stringify(ctx.dialect.createRecordBody('unique()', record));
  const sent = sendPrepared(create, body);
  observeBudget(create.name, sent.rateLimit);
  check.run(sent.response, [(body) => typeof body.$id === 'string' && body.title === record.title]);
}
