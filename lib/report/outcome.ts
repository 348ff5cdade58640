// How a run ended, judged from what handleSummary sees. Pure. k6 calls handleSummary after a failed
// setup, a signal (exit 105), `test.abort()` (108) and an abortOnFail threshold (99) as well as after a
// run that completed, and its summary data says none of this directly, so the outcome is inferred:
// no setup data means setup failed; a failed threshold of an abortOnFail profile means it stopped the run;
// a measured phase active for less than its schedule (beyond PHASE_TOLERANCE), or fewer iterations than an
// iteration-based profile schedules, means the run was cut short.
import type { Phase } from '../contract/run-plan.ts';
import { formatSeconds } from './format.ts';

export type OutcomeKind = 'completed' | 'interrupted' | 'threshold-aborted' | 'setup-failed';

export interface Outcome {
  kind: OutcomeKind;
  /** Why the run did not complete, in words; null when it completed. */
  reason: string | null;
}

/**
 * A time-scheduled phase counts as run in full when it was active for at least its schedule minus the larger of
 * 5 % and 2 s: the phase clock spans first iteration start to last iteration end, which for an arrival-rate
 * executor falls short of the schedule by about one iteration interval (auth: 5 s of 300 s).
 */
export const PHASE_TOLERANCE = { share: 0.05, seconds: 2 } as const;

export interface OutcomeInputs {
  setupCompleted: boolean;
  abortOnFail: boolean;
  thresholds: ReadonlyArray<{ metric: string; expression: string; ok: boolean }>;
  /** Time-scheduled phases only (an iteration-based phase may finish long before its maximum). */
  timedPhases: ReadonlyArray<{ phase: Phase; scheduledSeconds: number; observedSeconds: number | null }>;
  /** Iterations an iteration-based profile schedules, and how many k6 counted; null when not iteration-based. */
  iterations: { expected: number; completed: number | null } | null;
}

/** The shortest active time that still counts as the whole schedule. */
export function minimumActiveSeconds(scheduledSeconds: number): number {
  return scheduledSeconds - Math.max(PHASE_TOLERANCE.seconds, scheduledSeconds * PHASE_TOLERANCE.share);
}

/** The phases that ran less than their schedule, in words (`normal phase active 9.05 s of 300 s scheduled`). */
export function shortPhases(phases: OutcomeInputs['timedPhases']): string[] {
  return phases
    .filter((p) => p.observedSeconds !== null && p.observedSeconds < minimumActiveSeconds(p.scheduledSeconds))
    .map(
      (p) =>
        `${p.phase} phase active ${formatSeconds(p.observedSeconds)} of ${formatSeconds(p.scheduledSeconds)} scheduled`,
    );
}

export function assessOutcome(inputs: OutcomeInputs): Outcome {
  if (!inputs.setupCompleted) {
    return {
      kind: 'setup-failed',
      reason:
        'setup failed: setup() threw or returned no setup data, so no workload ran against a prepared server',
    };
  }
  // count>0 guards are never abortOnFail (thresholds/build.ts): they can only fail at the end.
  const aborting = inputs.abortOnFail
    ? inputs.thresholds.filter((t) => !t.ok && !/^count\s*>\s*0$/.test(t.expression))
    : [];
  if (aborting.length > 0) {
    return {
      kind: 'threshold-aborted',
      reason: `stopped by a threshold (abortOnFail): ${aborting.map((t) => `${t.metric} ${t.expression}`).join('; ')} failed`,
    };
  }
  const short = shortPhases(inputs.timedPhases);
  const { iterations } = inputs;
  if (iterations !== null && iterations.completed !== null && iterations.completed < iterations.expected) {
    short.push(`${iterations.completed} of ${iterations.expected} scheduled iterations completed`);
  }
  if (short.length > 0) return { kind: 'interrupted', reason: `interrupted: ${short.join('; ')}` };
  return { kind: 'completed', reason: null };
}
