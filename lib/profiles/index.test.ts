import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Scenario } from 'k6/options';
import { LOAD_PROFILES, PROFILES, WORKLOADS } from '../config/parse.ts';
import type { ProfileName, WorkloadName } from '../contract/run-plan.ts';
import { MAX_POOL_SIZE } from '../provision/setup-data.ts';
import {
  buildProfile,
  GRACEFUL_STOP_SECONDS,
  HEAVY_VUS,
  heavyVus,
  maxConcurrentVus,
  parseDurationSeconds,
  WARMUP_SECONDS,
} from './index.ts';

const ALL: WorkloadName[] = ['auth', 'writes', 'reads'];
const both = ['databases', 'tablesdb'] as const;

function span(scenario: Scenario): [number, number] {
  const start = parseDurationSeconds(scenario.startTime ?? '0s');
  const length =
    'duration' in scenario && scenario.duration
      ? parseDurationSeconds(scenario.duration)
      : 'stages' in scenario
        ? scenario.stages.reduce((sum, stage) => sum + parseDurationSeconds(stage.duration), 0)
        : parseDurationSeconds(('maxDuration' in scenario && scenario.maxDuration) || '10m');
  return [start, start + length];
}

describe('profiles', () => {
  it('every profile with a heavy or stress phase is refused off loopback (LOAD_PROFILES)', () => {
    for (const profile of PROFILES) {
      const plan = buildProfile(profile, ALL, both);
      if (plan.phases.some((p) => p.phase === 'heavy')) {
        assert.ok(
          LOAD_PROFILES.includes(profile),
          `${profile} has a heavy phase but is not in LOAD_PROFILES`,
        );
      }
    }
  });

  for (const profile of PROFILES) {
    for (const workloads of [ALL, ['reads'], ['auth', 'limits'], [...WORKLOADS]] as WorkloadName[][]) {
      it(`${profile} with ${workloads.join(',')}: names, exec functions and tags agree`, () => {
        const plan = buildProfile(profile, workloads, both);
        for (const [name, scenario] of Object.entries(plan.scenarios)) {
          assert.ok(
            (WORKLOADS as readonly string[]).includes(scenario.exec),
            `${name}: exec ${scenario.exec}`,
          );
          assert.equal(scenario.exec, scenario.tags.workload);
          assert.equal(name, `${scenario.tags.workload}_${scenario.tags.phase}`);
          assert.ok(workloads.includes(scenario.exec), `${name} runs an unselected workload`);
          assert.ok(scenario.gracefulStop, `${name} sets gracefulStop`);
        }
        for (const w of workloads) {
          assert.ok(
            Object.values(plan.scenarios).some((s) => s.exec === w),
            `${w} has a scenario`,
          );
        }
        assert.deepEqual(plan.thresholdPlan.workloads, workloads);
        assert.equal(plan.thresholdPlan.profile, profile);
        assert.deepEqual(
          plan.thresholdPlan.phases,
          plan.phases.map((p) => p.phase),
        );
        assert.equal(plan.thresholdPlan.expectRateLimits, workloads.includes('limits'));
      });
    }
  }

  it('measured phases and their scheduled seconds, warm-up excluded', () => {
    const expected: Record<ProfileName, Array<[string, number]>> = {
      smoke: [['normal', 120]],
      normal: [['normal', 300]],
      heavy: [['heavy', 300]],
      blog: [
        ['normal', 180],
        ['heavy', 300],
      ],
      stress: [['heavy', 600]],
      soak: [['normal', 3600]],
    };
    for (const profile of PROFILES) {
      const plan = buildProfile(profile, ALL, both);
      assert.deepEqual(
        plan.phases.map((p) => [p.phase, p.durationSeconds]),
        expected[profile],
        profile,
      );
      for (const window of plan.phases) {
        const scenarios = Object.values(plan.scenarios).filter((s) => s.tags.phase === window.phase);
        for (const s of scenarios) {
          const [start, end] = span(s);
          if (profile !== 'smoke') assert.equal(end - start, window.durationSeconds, `${profile} ${s.exec}`);
        }
      }
    }
  });

  it('warm-up runs first in its own scenarios, and phases never overlap', () => {
    for (const profile of ['normal', 'heavy', 'blog', 'stress', 'soak'] as const) {
      const plan = buildProfile(profile, ALL, both);
      const byPhase = new Map<string, Array<[number, number]>>();
      for (const s of Object.values(plan.scenarios)) {
        const list = byPhase.get(s.tags.phase) ?? [];
        list.push(span(s));
        byPhase.set(s.tags.phase, list);
      }
      const warmup = byPhase.get('warmup');
      assert.ok(warmup, `${profile} has a warm-up`);
      for (const [start, end] of warmup) assert.deepEqual([start, end], [0, WARMUP_SECONDS]);
      const order = ['warmup', 'normal', 'heavy'].filter((p) => byPhase.has(p));
      for (let i = 1; i < order.length; i++) {
        const previousEnd = Math.max(...(byPhase.get(order[i - 1] as string) ?? []).map(([, end]) => end));
        const nextStart = Math.min(...(byPhase.get(order[i] as string) ?? []).map(([start]) => start));
        assert.ok(nextStart >= previousEnd + GRACEFUL_STOP_SECONDS, `${profile}: ${order[i]} overlaps`);
      }
    }
  });

  it('uses the open model for rate-based phases and the closed model for heavy', () => {
    const executors = (profile: ProfileName, phase: string) =>
      new Set(
        Object.values(buildProfile(profile, ALL, both).scenarios)
          .filter((s) => s.tags.phase === phase)
          .map((s) => s.executor),
      );
    assert.deepEqual(executors('normal', 'normal'), new Set(['constant-arrival-rate']));
    assert.deepEqual(executors('soak', 'normal'), new Set(['constant-arrival-rate']));
    assert.deepEqual(executors('blog', 'warmup'), new Set(['constant-arrival-rate']));
    assert.deepEqual(executors('blog', 'normal'), new Set(['constant-arrival-rate']));
    assert.deepEqual(executors('blog', 'heavy'), new Set(['constant-vus']));
    assert.deepEqual(executors('heavy', 'heavy'), new Set(['constant-vus']));
    assert.deepEqual(executors('stress', 'heavy'), new Set(['ramping-arrival-rate']));
    assert.deepEqual(executors('smoke', 'normal'), new Set(['per-vu-iterations']));
  });

  it('heavy runs 500 VUs in total for 5 minutes, whatever the workloads', () => {
    for (const workloads of [ALL, ['reads'], ['writes', 'reads'], ['auth']] as WorkloadName[][]) {
      const plan = buildProfile('heavy', workloads, both);
      const heavy = Object.values(plan.scenarios).filter((s) => s.tags.phase === 'heavy');
      assert.equal(
        heavy.reduce((sum, s) => sum + (s.executor === 'constant-vus' ? (s.vus ?? 1) : 0), 0),
        HEAVY_VUS,
      );
      for (const s of heavy) assert.equal(s.executor === 'constant-vus' && s.duration, '300s');
    }
    assert.deepEqual(heavyVus(['auth', 'writes', 'reads']), { auth: 100, writes: 150, reads: 250 });
  });

  it('smoke: 1 VU and a few iterations per workload, aborting on the first failed threshold', () => {
    const plan = buildProfile('smoke', ALL, both);
    assert.equal(plan.thresholdPlan.abortOnFail, true);
    for (const s of Object.values(plan.scenarios)) {
      assert.equal(s.executor, 'per-vu-iterations');
      assert.equal(s.executor === 'per-vu-iterations' && s.vus, 1);
      assert.ok(s.executor === 'per-vu-iterations' && (s.iterations ?? 0) >= 2);
    }
    assert.equal(buildProfile('blog', ALL, both).thresholdPlan.abortOnFail, false);
  });

  it('smoke takes its iteration count from SMOKE_ITERATIONS; the expected total follows', () => {
    const plan = buildProfile('smoke', ['auth', 'reads'], both, 40);
    for (const s of Object.values(plan.scenarios))
      assert.equal(s.executor === 'per-vu-iterations' && s.iterations, 40);
    assert.equal(plan.expectedIterations, 80);
    assert.deepEqual(buildProfile('normal', ALL, both, 40), buildProfile('normal', ALL, both));
  });

  it('runs the limits check once, unmeasured', () => {
    const plan = buildProfile('blog', [...WORKLOADS], both);
    const limits = plan.scenarios.limits_warmup;
    assert.ok(limits);
    assert.equal(limits.executor === 'per-vu-iterations' && limits.iterations, 1);
    assert.ok(!plan.thresholdPlan.phases.includes('warmup' as never));
  });

  it('sizes the user pool to the most VUs at once, capped at 500, and skips it for auth alone', () => {
    assert.equal(buildProfile('smoke', ALL, both).poolSize, 3);
    assert.equal(buildProfile('heavy', ALL, both).poolSize, HEAVY_VUS);
    assert.equal(buildProfile('blog', ALL, both).poolSize, HEAVY_VUS);
    assert.equal(buildProfile('normal', ALL, both).poolSize, 130);
    assert.equal(buildProfile('stress', ALL, both).poolSize, MAX_POOL_SIZE);
    assert.equal(buildProfile('normal', ['auth'], both).poolSize, 0);
  });

  it('lists the rate-limited routes of the selected workloads and API families', () => {
    assert.deepEqual(buildProfile('smoke', ['reads'], both).thresholdPlan.rateLimitedRoutes, []);
    assert.deepEqual(buildProfile('smoke', ['writes'], ['tablesdb']).thresholdPlan.rateLimitedRoutes, [
      'POST /tablesdb/{db}/tables/{t}/rows',
    ]);
    assert.deepEqual(buildProfile('smoke', ['auth', 'writes'], both).thresholdPlan.rateLimitedRoutes, [
      'POST /account',
      'POST /account/sessions/email',
      'DELETE /account/sessions/current',
      'POST /databases/{db}/collections/{c}/documents',
      'POST /tablesdb/{db}/tables/{t}/rows',
    ]);
  });
});

describe('durations and VU counting', () => {
  it('parses k6 durations', () => {
    assert.equal(parseDurationSeconds('90s'), 90);
    assert.equal(parseDurationSeconds('5m'), 300);
    assert.equal(parseDurationSeconds('1h30m'), 5400);
    assert.equal(parseDurationSeconds('250ms'), 0.25);
    assert.throws(() => parseDurationSeconds('5 minutes'), RangeError);
  });
  it('counts overlapping scenarios only', () => {
    const a: Scenario = { executor: 'constant-vus', vus: 10, duration: '10s', gracefulStop: '0s' };
    const b: Scenario = {
      executor: 'constant-vus',
      vus: 5,
      duration: '10s',
      startTime: '5s',
      gracefulStop: '0s',
    };
    const c: Scenario = {
      executor: 'constant-vus',
      vus: 7,
      duration: '10s',
      startTime: '10s',
      gracefulStop: '0s',
    };
    assert.equal(maxConcurrentVus([a, b]), 15);
    assert.equal(maxConcurrentVus([a, c]), 10);
    assert.equal(maxConcurrentVus([a, b, c]), 15);
  });
});
