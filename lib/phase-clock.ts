// Marks when a measured phase was active: every scenario iteration feeds the appwrite_phase_clock gauge
// with the time at its start and at its end. The scenario's tags (`phase`, `workload`) reach custom
// metrics too (k6 applies scenario tags to every sample of the scenario: k6.md §1; grafana/k6
// lib/executor/helpers.go), so max − min of appwrite_phase_clock{phase:P} spans the first start to the
// last end of phase P. Pure: the gauge and the clock are passed in, so Node tests need no k6.

/** Unix time in seconds as a float (k6's Date.now() is milliseconds). */
export const unixSeconds = (): number => Date.now() / 1000;

/**
 * `run` wrapped so that `mark(now())` is called before it and after it, also when it throws (an iteration
 * that fails still occupied the phase).
 */
export function clocked<A extends unknown[]>(
  run: (...args: A) => void,
  mark: (seconds: number) => void,
  now: () => number = unixSeconds,
): (...args: A) => void {
  return (...args: A) => {
    mark(now());
    try {
      run(...args);
    } finally {
      mark(now());
    }
  };
}
