// Scenarios from the script's options and the command line, as k6 derives them
// (grafana/k6 lib/executor/execution_config_shortcuts.go `DeriveScenariosFromShortcuts`; config tiers in
// lib/options.go: a higher tier setting duration/iterations/stages/scenarios replaces all four).
import { parseDuration } from './durations.ts';
import { InvalidConfigError } from './errors.ts';
import type { ExecutionTuple } from './segments.ts';

export type Executor =
  | 'shared-iterations'
  | 'per-vu-iterations'
  | 'constant-vus'
  | 'ramping-vus'
  | 'constant-arrival-rate'
  | 'ramping-arrival-rate';

export interface Stage {
  durationMs: number;
  target: number;
}

export interface Scenario {
  name: string;
  executor: Executor;
  exec: string;
  startTimeMs: number;
  gracefulStopMs: number;
  env: Record<string, string>;
  tags: Record<string, string>;
  /** VUs this instance needs at most (after segment scaling). */
  maxVus: number;
  vus: number;
  /** per-vu-iterations: the VUs of the whole test (all segments), which stripe iterationInTest. */
  totalVus: number;
  iterations: number;
  durationMs: number;
  stages: Stage[];
  gracefulRampDownMs: number;
  /** Arrival-rate executors: rate stages in iterations per ms, unscaled (the segment picks iterations). */
  rateStages: { durationMs: number; startRate: number; endRate: number }[];
  preAllocatedVUs: number;
  /**
   * The segment's tuple for numbering (and, for arrival rates, choosing) this scenario's iterations:
   * shared-iterations and arrival-rate executors re-segment it by their VUs (k6 `Init`:
   * `GetNewExecutionTupleFromValue(VUs / MaxVUs)`); undefined when this segment gets no VU of them.
   */
  iterationTuple: ExecutionTuple | undefined;
}

export interface CliExecution {
  vus?: number;
  iterations?: number;
  durationMs?: number;
}

const EXECUTORS = new Set<string>([
  'shared-iterations',
  'per-vu-iterations',
  'constant-vus',
  'ramping-vus',
  'constant-arrival-rate',
  'ramping-arrival-rate',
]);

const num = (value: unknown, fallback: number, what: string): number => {
  if (value === undefined || value === null) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new InvalidConfigError(
      `invalid ${what}: expected a non-negative number, got ${JSON.stringify(value)}`,
    );
  }
  return value;
};

const strings = (value: unknown): Record<string, string> => {
  const out: Record<string, string> = {};
  if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) out[k] = String(v);
  return out;
};

function stagesOf(value: unknown, what: string): Stage[] {
  if (!Array.isArray(value) || value.length === 0)
    throw new InvalidConfigError(`invalid ${what}: expected a non-empty array of {duration, target}`);
  return value.map((s: { duration?: unknown; target?: unknown }, i) => ({
    durationMs: parseDuration(s.duration, `${what}[${i}].duration`),
    target: num(s.target, 0, `${what}[${i}].target`),
  }));
}

function scenarioFrom(name: string, raw: Record<string, unknown>, tuple: ExecutionTuple): Scenario {
  const executor = String(raw.executor ?? '');
  if (!EXECUTORS.has(executor)) {
    const removed = executor === 'externally-controlled' ? ' (removed in k6 v2.0.0)' : '';
    throw new InvalidConfigError(`scenario "${name}": unsupported executor "${executor}"${removed}`);
  }
  const what = (key: string) => `scenarios.${name}.${key}`;
  const duration = (key: string, fallback?: string): number => {
    const value = raw[key] ?? fallback;
    if (value === undefined)
      throw new InvalidConfigError(`scenario "${name}": ${key} is required for ${executor}`);
    const ms = parseDuration(value, what(key));
    // grafana/k6 lib/executor: `duration` and `maxDuration` must be at least 1s (corpus exec-subsecond).
    if (ms < 1000 && (key === 'duration' || key === 'maxDuration')) {
      const shown = typeof value === 'string' ? value : `${ms}ms`;
      throw new InvalidConfigError(
        `There were problems with the specified script configuration:\n\t- scenario ${name} has configuration errors: the ${key} must be at least 1s, but is ${shown}`,
      );
    }
    return ms;
  };
  const base: Scenario = {
    name,
    executor: executor as Executor,
    exec: typeof raw.exec === 'string' ? raw.exec : 'default',
    startTimeMs: parseDuration(raw.startTime ?? '0s', what('startTime')),
    gracefulStopMs: parseDuration(raw.gracefulStop ?? '30s', what('gracefulStop')),
    env: strings(raw.env),
    tags: strings(raw.tags),
    maxVus: 0,
    vus: 0,
    totalVus: 0,
    iterations: 0,
    durationMs: 0,
    stages: [],
    gracefulRampDownMs: 0,
    rateStages: [],
    preAllocatedVUs: 0,
    iterationTuple: tuple,
  };
  switch (base.executor) {
    case 'shared-iterations': {
      const vus = num(raw.vus, 1, what('vus'));
      const iterations = num(raw.iterations, 1, what('iterations'));
      if (iterations < vus) {
        throw new InvalidConfigError(
          `scenario "${name}": the number of iterations (${iterations}) can't be less than the number of VUs (${vus})`,
        );
      }
      base.vus = tuple.scale(vus);
      base.iterationTuple = tuple.rescaled(vus);
      base.iterations = base.iterationTuple?.scale(iterations) ?? 0;
      base.durationMs = duration('maxDuration', '10m');
      break;
    }
    case 'per-vu-iterations':
      base.totalVus = num(raw.vus, 1, what('vus'));
      base.vus = tuple.scale(base.totalVus);
      base.iterations = num(raw.iterations, 1, what('iterations'));
      base.durationMs = duration('maxDuration', '10m');
      break;
    case 'constant-vus':
      base.vus = tuple.scale(num(raw.vus, 1, what('vus')));
      base.durationMs = duration('duration');
      break;
    case 'ramping-vus': {
      base.vus = tuple.scale(num(raw.startVUs, 1, what('startVUs')));
      base.stages = stagesOf(raw.stages, what('stages')).map((s) => ({
        ...s,
        target: tuple.scale(s.target),
      }));
      base.gracefulRampDownMs = parseDuration(raw.gracefulRampDown ?? '30s', what('gracefulRampDown'));
      base.durationMs = base.stages.reduce((t, s) => t + s.durationMs, 0);
      break;
    }
    case 'constant-arrival-rate': {
      const timeUnit = duration('timeUnit', '1s');
      const rate = num(raw.rate, Number.NaN, what('rate'));
      if (Number.isNaN(rate))
        throw new InvalidConfigError(`scenario "${name}": rate is required for constant-arrival-rate`);
      base.durationMs = duration('duration');
      base.rateStages = [
        { durationMs: base.durationMs, startRate: rate / timeUnit, endRate: rate / timeUnit },
      ];
      const preAllocated = num(raw.preAllocatedVUs, Number.NaN, what('preAllocatedVUs'));
      // k6 defaults maxVUs to preAllocatedVUs.
      const maxVus = Math.max(preAllocated, num(raw.maxVUs, 0, what('maxVUs')));
      base.preAllocatedVUs = tuple.scale(preAllocated);
      base.vus = Math.max(base.preAllocatedVUs, tuple.scale(maxVus));
      base.iterationTuple = Number.isNaN(maxVus) ? tuple : tuple.rescaled(maxVus);
      break;
    }
    case 'ramping-arrival-rate': {
      const timeUnit = duration('timeUnit', '1s');
      let rate = num(raw.startRate, 0, what('startRate')) / timeUnit;
      base.rateStages = stagesOf(raw.stages, what('stages')).map((s) => {
        const stage = { durationMs: s.durationMs, startRate: rate, endRate: s.target / timeUnit };
        rate = stage.endRate;
        return stage;
      });
      base.durationMs = base.rateStages.reduce((t, s) => t + s.durationMs, 0);
      const preAllocated = num(raw.preAllocatedVUs, Number.NaN, what('preAllocatedVUs'));
      // k6 defaults maxVUs to preAllocatedVUs.
      const maxVus = Math.max(preAllocated, num(raw.maxVUs, 0, what('maxVUs')));
      base.preAllocatedVUs = tuple.scale(preAllocated);
      base.vus = Math.max(base.preAllocatedVUs, tuple.scale(maxVus));
      base.iterationTuple = Number.isNaN(maxVus) ? tuple : tuple.rescaled(maxVus);
      break;
    }
  }
  if (Number.isNaN(base.preAllocatedVUs))
    throw new InvalidConfigError(`scenario "${name}": preAllocatedVUs is required for ${executor}`);
  base.maxVus =
    base.executor === 'ramping-vus' ? Math.max(base.vus, ...base.stages.map((s) => s.target)) : base.vus;
  return base;
}

/** The scenarios to run, after the command line's shortcuts override the script's options. */
export function deriveScenarios(
  options: Record<string, unknown>,
  cli: CliExecution,
  tuple: ExecutionTuple,
): Scenario[] {
  const cliSetsExecution = cli.iterations !== undefined || cli.durationMs !== undefined;
  const iterations = cliSetsExecution ? cli.iterations : (options.iterations as number | undefined);
  const durationMs = cliSetsExecution
    ? cli.durationMs
    : options.duration === undefined
      ? undefined
      : parseDuration(options.duration, 'duration');
  const stages = cliSetsExecution ? undefined : options.stages;
  const scenarios = cliSetsExecution ? undefined : options.scenarios;
  const vus = cli.vus ?? (options.vus as number | undefined);
  const hasStages = Array.isArray(stages) && stages.length > 0;
  const conflicts = (shortcut: string) => {
    if (scenarios !== undefined) {
      throw new InvalidConfigError(
        `using an execution configuration shortcut (\`${shortcut}\`) and \`scenarios\` simultaneously is not allowed`,
      );
    }
  };
  if (iterations !== undefined) {
    conflicts('iterations');
    const raw: Record<string, unknown> = { executor: 'shared-iterations', vus, iterations };
    if (durationMs !== undefined) raw.maxDuration = durationMs;
    return [scenarioFrom('default', raw, tuple)];
  }
  if (durationMs !== undefined) {
    conflicts('duration');
    return [scenarioFrom('default', { executor: 'constant-vus', vus, duration: durationMs }, tuple)];
  }
  if (hasStages) {
    conflicts('stages');
    return [scenarioFrom('default', { executor: 'ramping-vus', startVUs: vus, stages }, tuple)];
  }
  if (scenarios && typeof scenarios === 'object' && Object.keys(scenarios).length > 0) {
    return Object.entries(scenarios as Record<string, Record<string, unknown>>).map(([name, raw]) =>
      scenarioFrom(name, raw, tuple),
    );
  }
  // Nothing set: one iteration of one VU (per-vu-iterations defaults).
  return [scenarioFrom('default', { executor: 'per-vu-iterations' }, tuple)];
}

/** VUs a scenario takes when it starts: arrival-rate executors start with `preAllocatedVUs`. */
export function initialVus(s: Scenario): number {
  return s.executor === 'constant-arrival-rate' || s.executor === 'ramping-arrival-rate'
    ? s.preAllocatedVUs
    : s.maxVus;
}

/**
 * VUs initialised before the test: the most that overlapping scenarios take when they start (k6 execution
 * requirements). Arrival-rate executors add VUs up to `maxVUs` during the run.
 */
export function requiredVus(scenarios: Scenario[]): number {
  const end = (s: Scenario) => s.startTimeMs + s.durationMs + s.gracefulStopMs;
  return Math.max(
    0,
    ...scenarios.map((at) =>
      scenarios
        .filter((s) => s.startTimeMs <= at.startTimeMs && end(s) > at.startTimeMs)
        .reduce((sum, s) => sum + initialVus(s), 0),
    ),
  );
}
