// Is this run a trustworthy measurement at all? (methodology.md §3: validity comes before pass/fail and
// before better/worse.) Pure. A ResultRecord is itself a ValidityInputs, so renderers can re-run the
// conditions one by one (the JUnit validity suite does).
import type { Phase } from '../contract/run-plan.ts';
import { formatCount, formatRate } from './format.ts';
import type { Outcome } from './outcome.ts';
import { routeBudgetText } from './route-budgets.ts';

export interface ValidityInputs {
  droppedIterations: number | null;
  rateLimits: {
    total: number | null;
    expected: boolean;
    routes: ReadonlyArray<{ name: string; count: number | null; skipped?: number | null }>;
  };
  /** Requests per workload and measured phase; absent in older records. */
  workloads?: ReadonlyArray<{ workload: string; requests: number | null }>;
  checks: { passes: number | null; fails: number | null };
  phases: ReadonlyArray<{ phase: Phase; requests: number | null }>;
  /** How the run ended (lib/report/outcome.ts); absent in records written before it existed. */
  outcome?: Outcome;
}

export interface Validity {
  valid: boolean;
  /** One sentence per reason; empty when valid. */
  reasons: string[];
}

export interface ValidityCondition {
  name: string;
  /** Why the condition does not hold; empty when it holds. */
  reasons: (inputs: ValidityInputs) => string[];
}

/**
 * A workload whose client budget keeping skipped more than this share of its requests did not run at the
 * profile's rate, so its figures rest on a sample the client chose, not the schedule (issue 8).
 */
export const MAX_SKIPPED_SHARE = 0.01;

/** Per workload: requests skipped by budget keeping (all phases) and sent in the measured phases. */
export function skipsPerWorkload(
  inputs: ValidityInputs,
): Array<{ workload: string; skipped: number; sent: number; share: number }> {
  const rows: Array<{ workload: string; skipped: number; sent: number; share: number }> = [];
  for (const workload of new Set((inputs.workloads ?? []).map((w) => w.workload))) {
    const skipped = inputs.rateLimits.routes
      .filter((r) => routeBudgetText(r.name).workloads[0] === workload)
      .reduce((sum, r) => sum + (r.skipped ?? 0), 0);
    const sent = (inputs.workloads ?? [])
      .filter((w) => w.workload === workload)
      .reduce((sum, w) => sum + (w.requests ?? 0), 0);
    const total = skipped + sent;
    rows.push({ workload, skipped, sent, share: total === 0 ? 0 : skipped / total });
  }
  return rows;
}

export const VALIDITY_CONDITIONS: readonly ValidityCondition[] = [
  {
    // An interrupted, aborted or unprepared run must never become a baseline (issue 8).
    name: 'the run completed',
    reasons: ({ outcome }) => (outcome === undefined || outcome.reason === null ? [] : [outcome.reason]),
  },
  {
    name: 'no dropped iterations',
    reasons: ({ droppedIterations }) =>
      (droppedIterations ?? 0) > 0
        ? [
            `${droppedIterations} dropped iteration(s): the open-model schedule was not kept (loader or server saturated), so latency is censored`,
          ]
        : [],
  },
  {
    name: 'no unexpected 429 responses',
    reasons: ({ rateLimits }) => {
      const limited = rateLimits.total ?? 0;
      if (limited === 0 || rateLimits.expected) return [];
      const byRoute = rateLimits.routes
        .filter((route) => (route.count ?? 0) > 0)
        .map((route) => `${route.name}: ${route.count}`);
      return [
        `${limited} unexpected 429 response(s) from Appwrite's abuse control${byRoute.length > 0 ? ` (${byRoute.join('; ')})` : ''}: the run measured rate limiting, not the server`,
      ];
    },
  },
  {
    name: `no workload skipped more than ${MAX_SKIPPED_SHARE * 100}% of its requests`,
    reasons: (inputs) =>
      skipsPerWorkload(inputs)
        .filter((row) => row.share > MAX_SKIPPED_SHARE)
        .map(
          (row) =>
            `${row.workload}: ${formatCount(row.skipped)} requests skipped by the client's budget keeping against ${formatCount(row.sent)} sent (${formatRate(row.share)} skipped, more than ${MAX_SKIPPED_SHARE * 100}%): the workload did not run at the profile's rate`,
        ),
  },
  {
    name: 'every check passed',
    reasons: ({ checks }) => {
      const fails = checks.fails ?? 0;
      const passes = checks.passes ?? 0;
      if (fails > 0)
        return [`${fails} of ${fails + passes} check(s) failed: a fast error is not a fast success`];
      return passes === 0 ? ['no check ran: nothing verified the responses'] : [];
    },
  },
  {
    name: 'requests measured in every measured phase',
    reasons: ({ phases }) => [
      ...(phases.length === 0 ? ['no measured phase: nothing was measured'] : []),
      ...phases.flatMap(({ phase, requests }) =>
        requests === null
          ? [`phase ${phase}: no request count (http_reqs{phase:${phase}} missing from the summary)`]
          : requests === 0
            ? [`phase ${phase}: no requests measured`]
            : [],
      ),
    ],
  },
];

export function assessValidity(inputs: ValidityInputs): Validity {
  const reasons = VALIDITY_CONDITIONS.flatMap((condition) => condition.reasons(inputs));
  return { valid: reasons.length === 0, reasons };
}
