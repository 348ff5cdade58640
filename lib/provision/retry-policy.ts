// When and how long setup and teardown retry a request. Pure. One transient 5xx or reset anywhere in setup
// used to lose the whole run (issue 8: with --error-rate 0.3, 7 of 9 smoke runs exited 107).

/**
 * Every setup/teardown request gets up to `attempts` tries; the n-th retry waits
 * min(maxDelaySeconds, firstDelaySeconds × 2^(n−1)) × a jitter in [0.5, 1), and no request is retried once
 * `totalSeconds` have passed since its first try. At a 30 % error rate, 10 tries all fail with probability
 * 0.3^10 ≈ 6·10⁻⁶; the waits of one request add up to at most 0.1 + 0.2 + 0.4 + 0.8 + 1.6 + 4 × 2 = 11.1 s.
 */
export const SETUP_RETRY = {
  attempts: 10,
  firstDelaySeconds: 0.1,
  maxDelaySeconds: 2,
  totalSeconds: 30,
} as const;

/** Pool users created and logged in at once (http.batch): bounded, so setup never floods the server. */
export const SETUP_CONCURRENCY = 20;

/** Worth another try: no response (connection error, timeout: k6 status 0), 429, or any 5xx. */
export function isTransient(status: number): boolean {
  return status === 0 || status === 429 || status >= 500;
}

/** Seconds to wait before retry number `retry` (1 = the first retry), with jitter from `random` in [0, 1). */
export function backoffSeconds(retry: number, random: () => number): number {
  const ceiling = Math.min(SETUP_RETRY.maxDelaySeconds, SETUP_RETRY.firstDelaySeconds * 2 ** (retry - 1));
  return ceiling * (0.5 + random() / 2);
}

export type AttemptVerdict = 'done' | 'retry' | 'fail';

/**
 * What to do with an answer. `createsWithFixedId`: a 409 on a retry means an earlier try created the
 * resource before its answer was lost, so the create is done (idempotent creates with fixed ids).
 */
export function judge(
  status: number,
  ok: readonly number[],
  attempt: number,
  elapsedSeconds: number,
  createsWithFixedId: boolean,
): AttemptVerdict {
  if (ok.includes(status)) return 'done';
  if (status === 409 && attempt > 1 && createsWithFixedId) return 'done';
  if (isTransient(status) && attempt < SETUP_RETRY.attempts && elapsedSeconds < SETUP_RETRY.totalSeconds)
    return 'retry';
  return 'fail';
}
