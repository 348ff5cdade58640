// The result record: everything a later run needs to compare against this one (it is the next run's
// BASELINE), built from k6's summary data and the run context. Pure; never reads data.setup_data.

import { phaseKey, rateLimitedKey, remainingKey, workloadKey } from '../../thresholds/keys.ts';
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
import { finite, sumAll } from './statistics.ts';
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
  measured: { scheduledSeconds: number; requests: number | null; failed: number | null };
  phases: PhaseFigures[];
  workloads: WorkloadFigures[];
  checks: { passes: number | null; fails: number | null };
  droppedIterations: number | null;
  rateLimits: {
    expected: boolean;
    total: number | null;
    /** Lowest X-RateLimit-Remaining seen on any route; null when none was recorded. */
    minRemaining: number | null;
    routes: Array<{ name: string; count: number | null; minRemaining: number | null }>;
  };
  thresholds: Array<{ metric: string; expression: string; ok: boolean }>;
  /** Every threshold held; null when the run had none. */
  thresholdsPassed: boolean | null;
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
    requestsPerSecond: requests !== null && scheduledSeconds > 0 ? finite(requests / scheduledSeconds) : null,
    latencyNormal: latencyOf('normal'),
    latencyHeavy: latencyOf('heavy'),
  };

  const routes = context.thresholdPlan.rateLimitedRoutes.map((name) => ({
    name,
    count: readValue(data, rateLimitedKey(name), 'count'),
    minRemaining: minRemaining(data, remainingKey(name)),
  }));
  const rateLimits = {
    expected: context.thresholdPlan.expectRateLimits,
    total: readValue(data, METRIC_RATE_LIMITED, 'count'),
    minRemaining: minRemaining(data, METRIC_RATE_LIMIT_REMAINING),
    routes,
  };
  const checks = { passes: readValue(data, 'checks', 'passes'), fails: readValue(data, 'checks', 'fails') };
  const droppedIterations = readValue(data, 'dropped_iterations', 'count');

  const thresholds = readAllThresholds(data);

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
    measured: { scheduledSeconds, requests, failed },
    phases,
    workloads,
    checks,
    droppedIterations,
    rateLimits,
    thresholds,
    thresholdsPassed: thresholds.length === 0 ? null : thresholds.every((t) => t.ok),
    validity: assessValidity({ droppedIterations, rateLimits, checks, phases }),
    definitions: {
      ...ROW_DEFINITIONS,
      change: CHANGE_DEFINITION,
      score: SCORE_DEFINITION,
      validity: VALIDITY_DEFINITION,
    },
  };
}
