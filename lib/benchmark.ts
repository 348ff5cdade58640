// The benchmark's k6 lifecycle, wired in one place: options, setup, the workload exec functions, the
// default function, teardown and handleSummary. scripts/appwrite.ts re-exports this module.
// Init code (this module's top level) reads and validates the configuration and files; it makes no request.
import type { Options } from 'k6/options';
import { buildThresholds, DEFAULT_TARGETS, parseTargets, SUMMARY_TREND_STATS } from '../thresholds/index.ts';
import { dialectForVersion } from './api/select.ts';
import type { ApiFamily } from './api/version.ts';
import { readBaseline, readConfig, readTargetsJson } from './config/env.ts';
import type { WorkloadName } from './contract/run-plan.ts';
import { phaseClock } from './metrics.ts';
import { clocked } from './phase-clock.ts';
import { buildProfile, type ExecName } from './profiles/index.ts';
import { SETUP_CONCURRENCY } from './provision/retry-policy.ts';
import { setUp } from './provision/setup.ts';
import type { SetupData } from './provision/setup-data.ts';
import { tearDown } from './provision/teardown.ts';
import { runContext, withoutSessions } from './run-context.ts';
import { runAuth } from './scenarios/auth.ts';
import { runLimits } from './scenarios/limits.ts';
import { runReads } from './scenarios/reads.ts';
import { runWrites } from './scenarios/writes.ts';
import { summarize } from './summary/index.ts';

const config = readConfig();
const baseline = readBaseline(config);
const targetsJson = readTargetsJson(config);
const targets =
  targetsJson === null || config.targetsPath === null
    ? DEFAULT_TARGETS
    : parseTargets(targetsJson, config.targetsPath);
// Without APPWRITE_VERSION the API family is known only after setup's probe: plan for both.
const families: ApiFamily[] =
  config.serverVersion === null
    ? ['databases', 'tablesdb']
    : [dialectForVersion(config.serverVersion, 'APPWRITE_VERSION').family];
const plan = buildProfile(config.profile, config.workloads, families, config.smokeIterations);

export const options = {
  scenarios: plan.scenarios,
  thresholds: buildThresholds(plan.thresholdPlan, targets),
  summaryTrendStats: [...SUMMARY_TREND_STATS],
  // http.batch in setup sends SETUP_CONCURRENCY requests at once; k6's default batchPerHost (6) would cap
  // that for the one Appwrite host (k6 options reference: batch 20, batchPerHost 6 by default).
  batch: SETUP_CONCURRENCY,
  batchPerHost: SETUP_CONCURRENCY,
  // Setup creates and signs in up to 500 users (in parallel, with retries); k6's default 60 s may not suffice.
  setupTimeout: '15m',
  teardownTimeout: '15m',
} satisfies Options;

export function setup(): SetupData {
  return setUp(config, plan.poolSize);
}

// Scenario exec functions: each iteration marks the phase clock at its start and end (lib/phase-clock.ts),
// so the report can divide requests by the seconds a phase was actually active.
const markPhase = (seconds: number): void => {
  phaseClock.add(seconds);
};

export const auth = clocked((data: unknown): void => runAuth(config, data), markPhase);
export const writes = clocked((data: unknown): void => runWrites(config, data), markPhase);
export const reads = clocked((data: unknown): void => runReads(config, data), markPhase);
export const limits = clocked((data: unknown): void => runLimits(config, data), markPhase);

/** Profiles name these as `exec`; a missing or renamed function is a type error here. */
const execs = {
  auth: (data, tags) => runAuth(config, data, tags),
  writes: (data, tags) => runWrites(config, data, tags),
  reads: (data, tags) => runReads(config, data, tags),
  limits: (data, tags) => runLimits(config, data, tags),
} satisfies Record<ExecName, (data: unknown, tags: Record<string, string>) => void> &
  Record<WorkloadName, unknown>;

/**
 * Used when `--vus`, `--iterations` or `--duration` replace options.scenarios: each selected workload
 * once per iteration, its requests tagged with the workload (there is no phase).
 */
export default function (data: unknown): void {
  for (const workload of config.workloads) execs[workload](data, workloadTags[workload]);
}
// One tags object per workload for the VU's life: the workloads build their requests once per tags object.
const workloadTags = {
  auth: { workload: 'auth' },
  writes: { workload: 'writes' },
  reads: { workload: 'reads' },
  limits: { workload: 'limits' },
} satisfies Record<WorkloadName, Record<string, string>>;

export function teardown(data: unknown): void {
  tearDown(config, data);
}

/** Session values never reach the reporting side (setup data holds them for the VUs). */
export function handleSummary(data: unknown): Record<string, string> {
  const safe = withoutSessions(data);
  return summarize(safe, runContext(config, plan, baseline, safe));
}
