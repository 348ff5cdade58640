// Typed errors of the sandbox. Each maps to the exit code k6 uses for the same situation
// (grafana/k6 errext/exitcodes/codes.go; ../shared/reference/k6.md §3).

/** A bad command-line flag. k6 exits with -1 (255) for cobra flag errors (grafana/k6 cmd/root.go). */
export class FlagError extends Error {
  override name = 'FlagError' as const;
}

/** Invalid options (scenarios, thresholds, durations): k6 exit code 104 `InvalidConfig`. */
export class InvalidConfigError extends Error {
  override name = 'InvalidConfigError' as const;
}

export const EXIT = {
  ok: 0,
  thresholdsFailed: 99,
  setupTimeout: 100,
  teardownTimeout: 101,
  invalidConfig: 104,
  externalAbort: 105,
  scriptException: 107,
  scriptAborted: 108,
  testFailed: 110,
  badFlags: 255,
} as const;
