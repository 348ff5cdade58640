// Is this run a trustworthy measurement at all? (methodology.md §3: validity comes before pass/fail and
// before better/worse.) Pure. A ResultRecord is itself a ValidityInputs, so renderers can re-run the
// conditions one by one (the JUnit validity suite does).
import type { Phase } from '../contract/run-plan.ts';
import type { Outcome } from './outcome.ts';

export interface ValidityInputs {
  droppedIterations: number | null;
  rateLimits: {
    total: number | null;
    expected: boolean;
    routes: ReadonlyArray<{ name: string; count: number | null }>;
  };
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
