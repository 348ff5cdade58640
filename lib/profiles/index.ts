// The six profiles: named sets of k6 scenarios sharing the same workload code (methodology.md §8).
// Open model (arrival-rate executors) for rate-based phases, so a slow server cannot slow the load down
// unnoticed: late iterations are dropped and counted in dropped_iterations (methodology.md §1). Closed
// model (constant-vus) where the Appwrite 0.7 post used concurrent clients: 500 VUs for 5 minutes.
// Warm-up runs in its own scenarios tagged phase:warmup, so it is excluded by construction (§2); each
// phase starts after the previous one's gracefulStop, so phases never overlap. Pure.
import type { Scenario } from 'k6/options';
import { createAccount, createEmailSession, deleteCurrentSession } from '../api/account.ts';
import { DIALECTS } from '../api/select.ts';
import type { ApiFamily } from '../api/version.ts';
import type { Phase, PhaseTag, PhaseWindow, ProfileName, WorkloadName } from '../contract/run-plan.ts';
import { MAX_POOL_SIZE } from '../provision/setup-data.ts';
import type { PlannedScenario, ProfilePlan } from './types.ts';

export type { ExecName, PlannedScenario, ProfilePlan } from './types.ts';

/** Workloads that generate load in phases (`limits` is a one-off check). */
type LoadWorkload = Exclude<WorkloadName, 'limits'>;

/**
 * Iterations per second of each workload at the "normal" level. Auth is low on purpose: with abuse control
 * on, each simulated client may sign up 10 times per hour (appwrite.md §10.2), and arrival-rate executors
 * hand iterations to idle VUs in turn, so N auth VUs sustain at most 10·N sign-ups per hour.
 */
export const NORMAL_RATES: Record<
  LoadWorkload,
  { rate: number; timeUnit: string; vus: number; maxVUs: number }
> = {
  auth: { rate: 1, timeUnit: '5s', vus: 10, maxVUs: 10 },
  writes: { rate: 10, timeUnit: '1s', vus: 20, maxVUs: 60 },
  reads: { rate: 20, timeUnit: '1s', vus: 20, maxVUs: 60 },
};

/** How the 500 VUs of a heavy phase are shared among the selected workloads. */
export const HEAVY_VUS = 500;
const HEAVY_WEIGHTS: Record<LoadWorkload, number> = { reads: 5, writes: 3, auth: 2 };

export const WARMUP_SECONDS = 30;
/** gracefulStop of every scenario, and the pause before the next phase starts. */
export const GRACEFUL_STOP_SECONDS = 10;

const s = (seconds: number) => `${seconds}s`;

function loadWorkloads(workloads: readonly WorkloadName[]): LoadWorkload[] {
  return workloads.filter((w): w is LoadWorkload => w !== 'limits');
}

function planned(workload: WorkloadName, phase: PhaseTag, scenario: Scenario): [string, PlannedScenario] {
  return [
    `${workload}_${phase}`,
    { ...scenario, exec: workload, tags: { workload, phase } } as PlannedScenario,
  ];
}

function arrivalRate(
  workload: LoadWorkload,
  startSeconds: number,
  seconds: number,
  factor: number,
): Scenario {
  const level = NORMAL_RATES[workload];
  return {
    executor: 'constant-arrival-rate',
    rate: Math.max(1, Math.round(level.rate * factor)),
    timeUnit: level.timeUnit,
    duration: s(seconds),
    preAllocatedVUs: level.vus,
    maxVUs: level.maxVUs,
    startTime: s(startSeconds),
    gracefulStop: s(GRACEFUL_STOP_SECONDS),
  };
}

/** 500 VUs split by weight; the remainder goes to the first workloads so the total is exact. */
export function heavyVus(workloads: readonly LoadWorkload[]): Record<LoadWorkload, number> {
  const total = workloads.reduce((sum, w) => sum + HEAVY_WEIGHTS[w], 0);
  const split = { auth: 0, writes: 0, reads: 0 };
  let given = 0;
  for (const w of workloads) {
    split[w] = Math.floor((HEAVY_VUS * HEAVY_WEIGHTS[w]) / total);
    given += split[w];
  }
  for (let i = 0; given < HEAVY_VUS && workloads.length > 0; i++, given++) {
    const w = workloads[i % workloads.length] as LoadWorkload;
    split[w] += 1;
  }
  return split;
}

function constantVus(vus: number, startSeconds: number, seconds: number): Scenario {
  return {
    executor: 'constant-vus',
    vus,
    duration: s(seconds),
    startTime: s(startSeconds),
    gracefulStop: s(GRACEFUL_STOP_SECONDS),
  };
}

/** Stress: from the normal rate, doubling every 2 minutes up to 32×, until something breaks. */
export const STRESS_STAGE_SECONDS = 120;
export const STRESS_FACTORS = [2, 4, 8, 16, 32];
const STRESS_MAX_VUS: Record<LoadWorkload, number> = { reads: 400, writes: 300, auth: 20 };

function rampingArrivalRate(workload: LoadWorkload, startSeconds: number): Scenario {
  const level = NORMAL_RATES[workload];
  return {
    executor: 'ramping-arrival-rate',
    startRate: level.rate,
    timeUnit: level.timeUnit,
    stages: STRESS_FACTORS.map((factor) => ({
      duration: s(STRESS_STAGE_SECONDS),
      target: level.rate * factor,
    })),
    preAllocatedVUs: level.vus,
    maxVUs: STRESS_MAX_VUS[workload],
    startTime: s(startSeconds),
    gracefulStop: s(GRACEFUL_STOP_SECONDS),
  };
}

function limitsCheck(): [string, PlannedScenario] {
  // One iteration by one VU: it drives one limited route past its limit. Tagged warmup (unmeasured),
  // so its deliberate 429s and burst of writes never enter a measured phase.
  return planned('limits', 'warmup', {
    executor: 'per-vu-iterations',
    vus: 1,
    iterations: 1,
    maxDuration: '2m',
    gracefulStop: s(GRACEFUL_STOP_SECONDS),
  });
}

/** A phase of the plan: which scenarios it adds and how long it is scheduled to run. */
interface PhaseStep {
  phase: PhaseTag;
  seconds: number;
  scenario: (workload: LoadWorkload, startSeconds: number, workloads: readonly LoadWorkload[]) => Scenario;
}

const warmup: PhaseStep = {
  phase: 'warmup',
  seconds: WARMUP_SECONDS,
  scenario: (w, start) => arrivalRate(w, start, WARMUP_SECONDS, 0.5),
};
const normalPhase = (seconds: number, factor = 1): PhaseStep => ({
  phase: 'normal',
  seconds,
  scenario: (w, start) => arrivalRate(w, start, seconds, factor),
});
const heavyPhase: PhaseStep = {
  phase: 'heavy',
  seconds: 300,
  scenario: (w, start, all) => constantVus(heavyVus(all)[w], start, 300),
};
const stressPhase: PhaseStep = {
  phase: 'heavy',
  seconds: STRESS_STAGE_SECONDS * STRESS_FACTORS.length,
  scenario: (w, start) => rampingArrivalRate(w, start),
};
/** Soak: normal rates for an hour, but auth at half, so 40 clients' sign-up budgets last the hour. */
const soakPhase: PhaseStep = {
  phase: 'normal',
  seconds: 3600,
  scenario: (w, start) =>
    w === 'auth'
      ? { ...arrivalRate(w, start, 3600, 1), timeUnit: '10s', preAllocatedVUs: 40, maxVUs: 40 }
      : arrivalRate(w, start, 3600, 1),
};

export const SMOKE_ITERATIONS = 3;
export const SMOKE_MAX_SECONDS = 120;

const STEPS: Record<Exclude<ProfileName, 'smoke'>, PhaseStep[]> = {
  normal: [warmup, normalPhase(300)],
  heavy: [warmup, heavyPhase],
  blog: [warmup, normalPhase(180), heavyPhase],
  stress: [warmup, stressPhase],
  soak: [warmup, soakPhase],
};

/** Profiles whose thresholds stop the run at the first failure: smoke (a gate) and stress (a breakpoint search). */
const ABORT_ON_FAIL: Record<ProfileName, boolean> = {
  smoke: true,
  normal: false,
  heavy: false,
  blog: false,
  stress: true,
  soak: false,
};

/** `name` tags of every rate-limited route the selected workloads may call (appwrite.md §10.2). */
export function rateLimitedRoutes(
  workloads: readonly WorkloadName[],
  families: readonly ApiFamily[],
): string[] {
  const routes: string[] = [];
  if (workloads.includes('auth')) {
    routes.push(
      createAccount('', '', '', '').name,
      createEmailSession('', '').name,
      deleteCurrentSession().name,
    );
  }
  if (workloads.includes('writes') || workloads.includes('limits')) {
    for (const family of families) routes.push(DIALECTS[family].createRecord('{db}', '{c}', '', {}).name);
  }
  return routes;
}

function scenarioSeconds(scenario: Scenario): { start: number; end: number; vus: number } {
  const seconds = (text: string | undefined) => (text === undefined ? 0 : parseDurationSeconds(text));
  const start = seconds(scenario.startTime);
  const stop = seconds(scenario.gracefulStop ?? '30s');
  switch (scenario.executor) {
    case 'constant-vus':
      return { start, end: start + seconds(scenario.duration) + stop, vus: scenario.vus ?? 1 };
    case 'constant-arrival-rate':
      return {
        start,
        end: start + seconds(scenario.duration) + stop,
        vus: scenario.maxVUs ?? scenario.preAllocatedVUs,
      };
    case 'ramping-arrival-rate':
      return {
        start,
        end: start + scenario.stages.reduce((sum, stage) => sum + seconds(stage.duration), 0) + stop,
        vus: scenario.maxVUs ?? scenario.preAllocatedVUs,
      };
    case 'ramping-vus':
      return {
        start,
        end: start + scenario.stages.reduce((sum, stage) => sum + seconds(stage.duration), 0) + stop,
        vus: Math.max(scenario.startVUs ?? 1, ...scenario.stages.map((stage) => stage.target)),
      };
    default:
      return { start, end: start + seconds(scenario.maxDuration ?? '10m') + stop, vus: scenario.vus ?? 1 };
  }
}

/** `90s`, `5m`, `1h30m`, `1.5s`, `250ms` → seconds. */
export function parseDurationSeconds(text: string): number {
  const parts =
    /^(?:(\d+(?:\.\d+)?)h)?(?:(\d+(?:\.\d+)?)m(?!s))?(?:(\d+(?:\.\d+)?)s)?(?:(\d+(?:\.\d+)?)ms)?$/.exec(text);
  if (!parts || text === '') throw new RangeError(`not a k6 duration: \`${text}\``);
  const [, h = '0', m = '0', sec = '0', ms = '0'] = parts;
  return Number(h) * 3600 + Number(m) * 60 + Number(sec) + Number(ms) / 1000;
}

/** The most VUs that may be active at the same time, gracefulStop included (what k6 allocates). */
export function maxConcurrentVus(scenarios: readonly Scenario[]): number {
  const spans = scenarios.map(scenarioSeconds);
  let most = 0;
  for (const at of spans) {
    const active = spans.filter((span) => span.start <= at.start && at.start < span.end);
    most = Math.max(
      most,
      active.reduce((sum, span) => sum + span.vus, 0),
    );
  }
  return most;
}

/**
 * The k6 scenarios, measured phases and threshold plan of `profile` for the selected workloads.
 * `families`: the data APIs the server may speak (both when the version is probed only in setup).
 */
export function buildProfile(
  profile: ProfileName,
  workloads: readonly WorkloadName[],
  families: readonly ApiFamily[],
  smokeIterations: number = SMOKE_ITERATIONS,
): ProfilePlan {
  const load = loadWorkloads(workloads);
  const entries: Array<[string, PlannedScenario]> = [];
  const phases: PhaseWindow[] = [];

  if (profile === 'smoke') {
    for (const w of load) {
      entries.push(
        planned(w, 'normal', {
          executor: 'per-vu-iterations',
          vus: 1,
          iterations: smokeIterations,
          maxDuration: s(SMOKE_MAX_SECONDS),
          gracefulStop: s(GRACEFUL_STOP_SECONDS),
        }),
      );
    }
    if (load.length > 0) phases.push({ phase: 'normal', durationSeconds: SMOKE_MAX_SECONDS });
  } else {
    let start = 0;
    for (const step of STEPS[profile]) {
      for (const w of load) entries.push(planned(w, step.phase, step.scenario(w, start, load)));
      if (step.phase !== 'warmup' && load.length > 0) {
        phases.push({ phase: step.phase as Phase, durationSeconds: step.seconds });
      }
      start += step.seconds + GRACEFUL_STOP_SECONDS;
    }
  }
  if (workloads.includes('limits')) entries.push(limitsCheck());

  const scenarios: Record<string, PlannedScenario> = {};
  for (const [name, scenario] of entries) {
    if (name in scenarios) throw new Error(`profile ${profile}: two k6 scenarios named ${name}`);
    scenarios[name] = scenario;
  }
  const all = Object.values(scenarios);
  const expectedIterations = all.every((sc) => sc.executor === 'per-vu-iterations')
    ? all.reduce(
        (sum, sc) => (sc.executor === 'per-vu-iterations' ? sum + (sc.vus ?? 1) * (sc.iterations ?? 1) : sum),
        0,
      )
    : null;
  return {
    profile,
    scenarios,
    phases,
    expectedIterations,
    thresholdPlan: {
      profile,
      phases: phases.map((p) => p.phase),
      workloads: [...workloads],
      abortOnFail: ABORT_ON_FAIL[profile],
      expectRateLimits: workloads.includes('limits'),
      rateLimitedRoutes: rateLimitedRoutes(workloads, families),
    },
    // Only writes, reads and limits act as pool users; auth signs up its own.
    poolSize: workloads.some((w) => w !== 'auth')
      ? Math.min(MAX_POOL_SIZE, Math.max(1, maxConcurrentVus(Object.values(scenarios))))
      : 0,
  };
}
