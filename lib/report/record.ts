// The result record: everything a later run needs to compare against this one (it is the next run's
// BASELINE), built from k6's summary data and the run context. Pure; never reads data.setup_data.

import {
  budgetSkippedKey,
  budgetWaitKey,
  phaseClockKey,
  phaseKey,
  rateLimitedKey,
  remainingKey,
  workloadKey,
} from '../../thresholds/keys.ts';
import {
  METRIC_RATE_LIMIT_REMAINING,
  METRIC_RATE_LIMITED,
  type Phase,
  type ProfileName,
  type RunContext,
  type WorkloadName,
} from '../contract/run-plan.ts';
import {
  CHANGE_DEFINITION,
  ROW_DEFINITIONS,
  type RowId,
  SCORE_DEFINITION,
  VALIDITY_DEFINITION,
} from './definitions.ts';
import {
  readAllThresholds,
  readMetric,
  readTestRunDurationMs,
  readTrendStats,
  readValue,
} from './k6-data.ts';
import { assessOutcome, type Outcome } from './outcome.ts';
import { finite, roundTo, sumAll } from './statistics.ts';
import { assessValidity, type Validity } from './validity.ts';

export const RECORD_KIND = 'appwrite-k6-bench/result' as const;
export const RECORD_SCHEMA_VERSION = 1 as const;

/** Trend stats the record reads; each must be in SUMMARY_TREND_STATS (tested). */
export const RECORD_TREND_STATS = ['count', 'avg', 'min', 'med', 'p(90)', 'p(95)', 'p(99)', 'max'] as const;

/** http_req_duration statistics in ms; null when k6 did not report the stat. */
export interface LatencyFigures {
  count: number | null;
  avg: number | null;
  min: number | null;
  p50: number | null;
  p90: number | null;
  p95: number | null;
  p99: number | null;
  max: number | null;
}

export interface TrafficFigures {
  /** Count of http_reqs in this slice. */
  requests: number | null;
  /** Requests k6 counted as failed (http_req_failed passes). */
  failed: number | null;
  latencyMs: LatencyFigures;
}

export interface PhaseFigures extends TrafficFigures {
  phase: Phase;
  scheduledSeconds: number;
  /**
   * Seconds the phase was active: max − min of appwrite_phase_clock{phase:P} (first iteration start to
   * last iteration end); null when the gauge is missing or spans no time.
   */
  observedSeconds: number | null;
}

/** Throttling on one rate-limited route: the server's 429s and the client's own budget keeping. */
export interface RouteLimitFigures {
  name: string;
  /** 429 responses (appwrite_rate_limited{name}). */
  count: number | null;
  /** Lowest X-RateLimit-Remaining seen. */
  minRemaining: number | null;
  /** Requests not sent because the client's budget for the route was spent (appwrite_budget_skipped{name}). */
  skipped: number | null;
  /** Times a client waited for the route's window to reset (count of appwrite_budget_wait_seconds{name}). */
  waits: number | null;
  /** Seconds spent in those waits, all clients together (avg × count of the same trend). */
  waitSeconds: number | null;
}

export interface WorkloadFigures extends TrafficFigures {
  workload: WorkloadName;
  phase: Phase;
}

/** The five figures of the comparison table for one run. */
export type TableFigures = Record<RowId, number | null>;

export interface ResultRecord {
  kind: typeof RECORD_KIND;
  schemaVersion: typeof RECORD_SCHEMA_VERSION;
  runId: string;
  label: string;
  profile: ProfileName;
  serverVersion: string;
  /** Host and path only: no scheme credentials, query or fragment. */
  endpointHost: string;
  /** ISO 8601; derived from the end time and k6's test run duration. */
  startedAt: string | null;
  endedAt: string | null;
  testRunDurationMs: number | null;
  abuse: 'enabled' | 'disabled';
  clientIps: 'per-vu' | 'single';
  summaryTrendStats: string[];
  table: TableFigures;
  measured: {
    scheduledSeconds: number;
    /** Σ observed seconds of the measured phases; null unless every measured phase has one. */
    observedSeconds: number | null;
    /** Which seconds requests per second divided by. */
    rateBasis: 'observed' | 'scheduled';
    requests: number | null;
    failed: number | null;
  };
  phases: PhaseFigures[];
  workloads: WorkloadFigures[];
  checks: { passes: number | null; fails: number | null };
  droppedIterations: number | null;
  rateLimits: {
    expected: boolean;
    total: number | null;
    /** Lowest X-RateLimit-Remaining seen on any route; null when none was recorded. */
    minRemaining: number | null;
    routes: RouteLimitFigures[];
  };
  thresholds: Array<{ metric: string; expression: string; ok: boolean }>;
  /** Every threshold held; null when the run had none. */
  thresholdsPassed: boolean | null;
  /** How the run ended: completed, interrupted, stopped by an abortOnFail threshold, or setup failed. */
  outcome: Outcome;
  validity: Validity;
  definitions: Record<RowId | 'change' | 'score' | 'validity', string>;
}

/** Removes a scheme, credentials, query and fragment, whatever the caller passed. */
export function sanitizeEndpointHost(endpoint: string): string {
  return endpoint
    .replace(/^[a-z][a-z0-9+.-]*:\/\//i, '')
    .replace(/^[^/@]*@/, '')
    .replace(/[?#].*$/, '');
}

function latency(data: unknown, key: string): LatencyFigures {
  const count = readValue(data, key, 'count');
  // An empty trend reports 0 for every stat (k6.md §1.3): that is "no data", not "0 ms".
  const value = (stat: string) => (count === 0 ? null : readValue(data, key, stat));
  return {
    count: value('count'),
    avg: value('avg'),
    min: value('min'),
    p50: value('med'),
    p90: value('p(90)'),
    p95: value('p(95)'),
    p99: value('p(99)'),
    max: value('max'),
  };
}

function traffic(data: unknown, keyOf: (metric: string) => string): TrafficFigures {
  return {
    requests: readValue(data, keyOf('http_reqs'), 'count'),
    // For http_req_failed, `passes` counts failed requests (k6.md §1.3).
    failed: readValue(data, keyOf('http_req_failed'), 'passes'),
    latencyMs: latency(data, keyOf('http_req_duration')),
  };
}

/** Lowest remaining budget seen, or null when the trend holds no sample (k6 reports 0 for every stat then). */
function minRemaining(data: unknown, key: string): number | null {
  const reading = readMetric(data, key);
  if (reading === null || reading.values.count === 0) return null;
  return reading.values.min ?? null;
}

/** max − min of the phase clock gauge, or null without a usable span (k6 reports 0s for an empty gauge). */
function observedSeconds(data: unknown, phase: Phase): number | null {
  const reading = readMetric(data, phaseClockKey(phase));
  const min = reading?.values.min;
  const max = reading?.values.max;
  if (min === undefined || max === undefined || min <= 0 || max <= min) return null;
  // k6's clock has millisecond resolution (Date.now()); more digits would be float noise of ~1.7e9 − ~1.7e9.
  return finite(roundTo(max - min, 3));
}

function routeLimits(data: unknown, name: string): RouteLimitFigures {
  const waits = readValue(data, budgetWaitKey(name), 'count');
  const avgWait = readValue(data, budgetWaitKey(name), 'avg');
  return {
    name,
    count: readValue(data, rateLimitedKey(name), 'count'),
    minRemaining: minRemaining(data, remainingKey(name)),
    skipped: readValue(data, budgetSkippedKey(name), 'count'),
    waits,
    waitSeconds: waits === null ? null : waits === 0 ? 0 : avgWait === null ? null : finite(avgWait * waits),
  };
}

function isoOrNull(ms: number | null): string | null {
  if (ms === null) return null;
  const date = new Date(ms);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

/** Builds the record. `endedAtMs` is injected so tests are deterministic; k6 passes Date.now(). */
export function buildRecord(data: unknown, context: RunContext, endedAtMs: number | null): ResultRecord {
  const testRunDurationMs = readTestRunDurationMs(data);
  const phases: PhaseFigures[] = context.phases.map(({ phase, durationSeconds }) => ({
    phase,
    scheduledSeconds: durationSeconds,
    observedSeconds: observedSeconds(data, phase),
    ...traffic(data, (metric) => phaseKey(metric, phase)),
  }));
  const workloads: WorkloadFigures[] = context.phases.flatMap(({ phase }) =>
    context.workloads.map((workload) => ({
      workload,
      phase,
      ...traffic(data, (metric) => workloadKey(metric, phase, workload)),
    })),
  );

  const scheduledSeconds = phases.reduce((sum, p) => sum + p.scheduledSeconds, 0);
  // All phases observed or none: mixing observed and scheduled seconds would mean nothing.
  const observed = phases.length > 0 && phases.every((p) => p.observedSeconds !== null);
  const observedTotal = observed ? phases.reduce((sum, p) => sum + (p.observedSeconds ?? 0), 0) : null;
  const rateSeconds = observedTotal ?? scheduledSeconds;
  const requests = sumAll(phases.map((p) => p.requests));
  const failed = sumAll(phases.map((p) => p.failed));
  const failedSamples = sumAll(
    context.phases.map(({ phase }) => {
      const reading = readMetric(data, phaseKey('http_req_failed', phase));
      const passes = reading?.values.passes;
      const fails = reading?.values.fails;
      return passes === undefined || fails === undefined ? null : passes + fails;
    }),
  );
  const latencyOf = (phase: Phase) => phases.find((p) => p.phase === phase)?.latencyMs.p50 ?? null;
  const table: TableFigures = {
    successRate: failed !== null && failedSamples ? finite(1 - failed / failedSamples) : null,
    totalRequests: requests,
    requestsPerSecond: requests !== null && rateSeconds > 0 ? finite(requests / rateSeconds) : null,
    latencyNormal: latencyOf('normal'),
    latencyHeavy: latencyOf('heavy'),
  };

  const routes = context.thresholdPlan.rateLimitedRoutes.map((name) => routeLimits(data, name));
  const rateLimits = {
    expected: context.thresholdPlan.expectRateLimits,
    total: readValue(data, METRIC_RATE_LIMITED, 'count'),
    minRemaining: minRemaining(data, METRIC_RATE_LIMIT_REMAINING),
    routes,
  };
  const checks = { passes: readValue(data, 'checks', 'passes'), fails: readValue(data, 'checks', 'fails') };
  const droppedIterations = readValue(data, 'dropped_iterations', 'count');

  const thresholds = readAllThresholds(data);
  const expectedIterations = context.expectedIterations ?? null;
  const outcome = assessOutcome({
    setupCompleted: context.setupCompleted ?? true,
    abortOnFail: context.thresholdPlan.abortOnFail,
    thresholds,
    timedPhases: expectedIterations === null ? phases : [],
    iterations:
      expectedIterations === null
        ? null
        : { expected: expectedIterations, completed: readValue(data, 'iterations', 'count') },
  });

  const endedAt = isoOrNull(endedAtMs);
  const startedAt =
    endedAtMs !== null && testRunDurationMs !== null ? isoOrNull(endedAtMs - testRunDurationMs) : null;

  return {
    kind: RECORD_KIND,
    schemaVersion: RECORD_SCHEMA_VERSION,
    runId: context.runId,
    label: context.label,
    profile: context.profile,
    serverVersion: context.serverVersion,
    endpointHost: sanitizeEndpointHost(context.endpointHost),
    startedAt,
    endedAt,
    testRunDurationMs,
    abuse: context.abuse,
    clientIps: context.clientIps,
    summaryTrendStats: readTrendStats(data),
    table,
    measured: {
      scheduledSeconds,
      observedSeconds: observedTotal,
      rateBasis: observedTotal === null ? 'scheduled' : 'observed',
      requests,
      failed,
    },
    phases,
    workloads,
    checks,
    droppedIterations,
    rateLimits,
    thresholds,
    thresholdsPassed: thresholds.length === 0 ? null : thresholds.every((t) => t.ok),
    outcome,
    validity: assessValidity({ droppedIterations, rateLimits, checks, phases, outcome, workloads }),
    definitions: {
      ...ROW_DEFINITIONS,
      change: CHANGE_DEFINITION,
      score: SCORE_DEFINITION,
      validity: VALIDITY_DEFINITION,
    },
  };
}
