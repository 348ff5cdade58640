// The contract between the workload side (profiles, scenarios, API layer) and the reporting side
// (thresholds, result record, comparison, handleSummary). Pure types and constants: no k6, no Node.

/** Measured load phases. `warmup` traffic is tagged too but never measured. */
export type Phase = 'normal' | 'heavy';
export type PhaseTag = Phase | 'warmup';

/** What users call a scenario: a flow of requests. Each k6 scenario runs one workload in one phase. */
export type WorkloadName = 'auth' | 'writes' | 'reads' | 'limits';

export type ProfileName = 'smoke' | 'normal' | 'heavy' | 'blog' | 'stress' | 'soak';

/**
 * Tag keys every sample carries. k6 scenario names are `${workload}_${phase}` (e.g. `reads_heavy`),
 * and each k6 scenario sets `tags: { workload, phase }`, so thresholds and the summary select
 * `http_req_duration{phase:heavy}` or `http_req_duration{phase:normal,workload:reads}`.
 */
export const TAG_WORKLOAD = 'workload';
export const TAG_PHASE = 'phase';

/** Custom metric names, shared by the code that records them and the code that reports them. */
export const METRIC_RATE_LIMITED = 'appwrite_rate_limited'; // Counter: every 429, tagged `name` (route)
export const METRIC_RATE_LIMIT_REMAINING = 'appwrite_ratelimit_remaining'; // Trend: X-RateLimit-Remaining seen, tagged `name`
// Added by the workload side (additive): requests the client chose not to send because the route's abuse
// budget was spent and its window would not reset soon (Counter, tagged `name`), and the seconds a client
// waited for a window to reset instead of sending a request the server would refuse (Trend, tagged `name`).
export const METRIC_BUDGET_SKIPPED = 'appwrite_budget_skipped';
export const METRIC_BUDGET_WAIT = 'appwrite_budget_wait_seconds';
// Added by the reporting side (additive): Gauge of unix seconds (float), fed at the start and at the end of
// every measured iteration, so max − min of `appwrite_phase_clock{phase:P}` is the span phase P was
// actually active (k6 reports a gauge's `value`, `min` and `max`: k6.md §1.3). Requests per second divide
// by that span, not by the scheduled seconds, which an iteration-based profile may finish long before.
export const METRIC_PHASE_CLOCK = 'appwrite_phase_clock';

/** A measured phase and how long its k6 scenarios are scheduled to run (warm-up excluded). */
export interface PhaseWindow {
  phase: Phase;
  durationSeconds: number;
}

/** Everything the thresholds builder needs to know about a profile. */
export interface ThresholdPlan {
  profile: ProfileName;
  phases: readonly Phase[];
  workloads: readonly WorkloadName[];
  /** Stop the run at the first failed threshold (smoke). */
  abortOnFail: boolean;
  /** 429s are part of the expected outcome (the `limits` workload); otherwise any 429 fails the run. */
  expectRateLimits: boolean;
  /** `name` tags of every rate-limited route the run may hit, so 429 counts are reported per route. */
  rateLimitedRoutes: readonly string[];
}

/** The run id handleSummary gets when setup produced none and RUN_ID was not set. */
export const UNKNOWN_RUN_ID = 'unknown';

/** Facts about this run that handleSummary needs besides k6's summary data. No secrets here. */
export interface RunContext {
  runId: string;
  /** Column title of this run in the comparison table. */
  label: string;
  profile: ProfileName;
  /** Server version as probed (or as configured with APPWRITE_VERSION). */
  serverVersion: string;
  /** Endpoint host and path without credentials or query, e.g. `localhost:8080/v1`. */
  endpointHost: string;
  phases: readonly PhaseWindow[];
  workloads: readonly WorkloadName[];
  abuse: 'enabled' | 'disabled';
  clientIps: 'per-vu' | 'single';
  resultsDir: string;
  /** The baseline result file as read at init, or why it could not be read. `null`: no BASELINE given. */
  baseline: { path: string; content: string } | { path: string; error: string } | null;
  thresholdPlan: ThresholdPlan;
  /** false when handleSummary got no setup data (setup() threw); absent means true. */
  setupCompleted?: boolean;
  /** Iterations an iteration-based profile (smoke) schedules in all; null or absent when time-scheduled. */
  expectedIterations?: number | null;
}

export type K6MetricType = 'counter' | 'gauge' | 'rate' | 'trend';

/**
 * The k6 type of every metric the thresholds name and the result record reads: k6's built-ins
 * (k6.md §1.3) and this suite's custom metrics. The type decides which threshold aggregations are valid.
 */
export const THRESHOLD_METRIC_TYPES: Readonly<Record<string, K6MetricType>> = {
  http_reqs: 'counter',
  http_req_failed: 'rate',
  http_req_duration: 'trend',
  checks: 'rate',
  dropped_iterations: 'counter',
  [METRIC_RATE_LIMITED]: 'counter',
  [METRIC_RATE_LIMIT_REMAINING]: 'trend',
  [METRIC_BUDGET_SKIPPED]: 'counter',
  [METRIC_BUDGET_WAIT]: 'trend',
  [METRIC_PHASE_CLOCK]: 'gauge',
};
