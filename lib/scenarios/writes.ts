// writes: as the VU's pool user, create one document/row per iteration. Appwrite limits creates to 120 per
// 60 s per IP, method, route and user (appwrite.md §10.2); with ABUSE=enabled the VU spreads what
// X-RateLimit-Remaining allows over the rest of the window (with its own jitter) and, should the budget still
// run out, waits for the window reset instead of sending a request the server would refuse.
import exec from 'k6/execution';
import { send } from '../api/client.ts';
import type { Config } from '../config/parse.ts';
import { checkResponse } from './checks.ts';
import { mayCall, observeBudget, vuContext } from './vu.ts';

/** Windows are 60 s long, so a wait never exceeds one window (plus the clock margin). */
export const WRITES_MAX_WAIT_SECONDS = 61;

export function recordData(vu: number, iteration: number): { title: string; score: number; active: boolean } {
  return {
    title: `vu ${vu} iteration ${iteration}`,
    score: iteration % 1_000_000,
    active: iteration % 2 === 0,
  };
}

export function runWrites(config: Config, data: unknown, tags: Record<string, string> = {}): void {
  const ctx = vuContext(config, data, tags);
  const record = recordData(exec.vu.idInTest, exec.scenario.iterationInTest);
  const spec = ctx.dialect.createRecord(
    ctx.identity.databaseId,
    ctx.identity.containerId,
    'unique()',
    record,
  );
  // Paced: the VU spreads its remaining creates over the rest of the window (lib/api/rate-limit.ts).
  if (!mayCall(config, spec.name, WRITES_MAX_WAIT_SECONDS, { pace: true })) return;
  const sent = send(config.endpoint, spec, { headers: ctx.poolHeaders, tags });
  observeBudget(spec.name, sent.rateLimit);
  checkResponse(spec.name, sent.response, 201, {
    'returns the new record': (body) => typeof body.$id === 'string' && body.title === record.title,
  });
}
