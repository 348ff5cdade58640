// Is this run a trustworthy measurement at all? (methodology.md §3: validity comes before pass/fail and
// before better/worse.) Pure.
import type { Phase } from '../contract/run-plan.ts';

export interface ValidityInputs {
  droppedIterations: number | null;
  rateLimited: {
    total: number | null;
    expected: boolean;
    routes: ReadonlyArray<{ name: string; count: number | null }>;
  };
  checks: { passes: number | null; fails: number | null };
  phases: ReadonlyArray<{ phase: Phase; requests: number | null }>;
}

export interface Validity {
  valid: boolean;
  /** One sentence per reason; empty when valid. */
  reasons: string[];
}

export function assessValidity(inputs: ValidityInputs): Validity {
  const reasons: string[] = [];
  const dropped = inputs.droppedIterations ?? 0;
  if (dropped > 0) {
    reasons.push(
      `${dropped} dropped iteration(s): the open-model schedule was not kept (loader or server saturated), so latency is censored`,
    );
  }
  const limited = inputs.rateLimited.total ?? 0;
  if (limited > 0 && !inputs.rateLimited.expected) {
    const byRoute = inputs.rateLimited.routes
      .filter((route) => (route.count ?? 0) > 0)
      .map((route) => `${route.name}: ${route.count}`);
    reasons.push(
      `${limited} unexpected 429 response(s) from Appwrite's abuse control${byRoute.length > 0 ? ` (${byRoute.join('; ')})` : ''}: the run measured rate limiting, not the server`,
    );
  }
  const fails = inputs.checks.fails ?? 0;
  const passes = inputs.checks.passes ?? 0;
  if (fails > 0)
    reasons.push(`${fails} of ${fails + passes} check(s) failed: a fast error is not a fast success`);
  else if (passes === 0) reasons.push('no check ran: nothing verified the responses');
  if (inputs.phases.length === 0) reasons.push('no measured phase: nothing was measured');
  for (const { phase, requests } of inputs.phases) {
    if (requests === null) {
      reasons.push(`phase ${phase}: no request count (http_reqs{phase:${phase}} missing from the summary)`);
    } else if (requests === 0) {
      reasons.push(`phase ${phase}: no requests measured`);
    }
  }
  return { valid: reasons.length === 0, reasons };
}
