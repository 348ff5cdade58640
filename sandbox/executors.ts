// k6's executors, scheduled in the coordinator (docs using-k6/scenarios/executors; k6.md §4).
// Closed models loop VUs over iterations; arrival-rate models start iterations on a clock and drop
// (count in `dropped_iterations`) those that find no free VU.
import { initialVus, type Scenario } from './scenarios.ts';
import type { ExecutionTuple } from './segments.ts';
import type { VuHandle } from './vu-pool.ts';

export interface SchedulerHost {
  tuple: ExecutionTuple;
  /** Whether the whole test is stopping (abort, abortOnFail). */
  stopped(): boolean;
  acquire(count: number): VuHandle[];
  release(vus: VuHandle[]): void;
  /** Runs one iteration on `vu`; resolves when it ended, whatever the outcome. */
  iterate(
    vu: VuHandle,
    scenario: Scenario,
    /** The scenario's iteration number in this instance (exec.scenario.iterationInInstance). */
    iterationInInstance: number,
    iterationInTest: number,
    progress: () => number,
  ): Promise<void>;
  /** Counts `count` iterations of `scenario` in `dropped_iterations`. */
  dropped(scenario: Scenario, count: number): void;
  /** A warning line with k6's executor fields (`executor=… scenario=…`). */
  warn(scenario: Scenario, message: string): void;
  /** Initialises one more VU for this scenario (arrival-rate growth up to maxVUs); undefined on failure. */
  newVu(): Promise<VuHandle | undefined>;
  sleep(ms: number): Promise<void>;
}

/** Waits for `running` up to gracefulStop, then interrupts the VUs still busy (k6 `gracefulStop`). */
async function gracefulEnd(scenario: Scenario, running: Set<Promise<void>>, vus: VuHandle[]): Promise<void> {
  if (running.size === 0) return;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), scenario.gracefulStopMs);
  });
  const outcome = await Promise.race([Promise.all(running).then(() => 'done' as const), timeout]);
  clearTimeout(timer);
  if (outcome === 'timeout') {
    for (const vu of vus) if (vu.busy) vu.interrupt();
    // A VU busy in pure computation cannot be woken; give it a moment, then stop waiting for it.
    // (A plain timer: the host's sleep ends at once when the test stops, this wait must not.)
    let grace: ReturnType<typeof setTimeout> | undefined;
    await Promise.race([
      Promise.all(running),
      new Promise<void>((done) => {
        grace = setTimeout(done, 2000);
      }),
    ]);
    clearTimeout(grace);
  }
}

export async function runScenario(host: SchedulerHost, scenario: Scenario): Promise<void> {
  // No VU of this scenario in this segment: k6 does not run it here (executor `HasWork`).
  const iterations = scenario.iterationTuple;
  if (iterations === undefined) return;
  if (scenario.startTimeMs > 0) await host.sleep(scenario.startTimeMs);
  if (host.stopped()) return;
  const vus = host.acquire(initialVus(scenario));
  const start = Date.now();
  const elapsed = () => Date.now() - start;
  const progress = () => Math.min(1, scenario.durationMs > 0 ? elapsed() / scenario.durationMs : 0);
  const running = new Set<Promise<void>>();
  const track = (p: Promise<void>) => {
    running.add(p);
    p.finally(() => running.delete(p));
    return p;
  };
  // Set when maxDuration ends the loop of an iterations executor: no iteration starts after it.
  let cut = false;
  const deadlinePassed = () => cut || elapsed() >= scenario.durationMs || host.stopped();
  // Iterations an iterations executor planned but never started when maxDuration cut it count as
  // dropped (grafana/k6 lib/executor/shared_iterations.go `totalIters - attemptedIters`,
  // per_vu_iterations.go `iterations - i` per VU); not when the whole test stopped (abort, signal).
  const dropUnstarted = (planned: number, started: number) => {
    cut = true;
    if (!host.stopped() && started < planned) host.dropped(scenario, planned - started);
  };
  try {
    switch (scenario.executor) {
      case 'shared-iterations': {
        let next = 0;
        const loop = async (vu: VuHandle) => {
          while (!deadlinePassed() && next < scenario.iterations) {
            const local = next++;
            await track(
              host.iterate(vu, scenario, local, iterations.globalIndex(local), () =>
                scenario.iterations ? next / scenario.iterations : 1,
              ),
            );
          }
        };
        await Promise.race([
          Promise.all(vus.slice(0, scenario.vus).map(loop)),
          host.sleep(scenario.durationMs),
        ]);
        dropUnstarted(scenario.iterations, next);
        break;
      }
      case 'per-vu-iterations': {
        let started = 0;
        const loop = async (vu: VuHandle) => {
          for (let i = 0; i < scenario.iterations && !deadlinePassed(); i++) {
            // One counter for the scenario in the order iterations start, striped by the segment
            // (k6 BaseExecutor `nextIterationCounters`; corpus execution-segments 1/4:3/4: 0, 2, 4, 6).
            const local = started++;
            await track(host.iterate(vu, scenario, local, iterations.globalIndex(local), progress));
          }
        };
        const looping = vus.slice(0, scenario.vus);
        await Promise.race([Promise.all(looping.map(loop)), host.sleep(scenario.durationMs)]);
        dropUnstarted(looping.length * scenario.iterations, started);
        break;
      }
      case 'constant-vus':
      case 'ramping-vus': {
        let counter = 0;
        const target = (): number => {
          if (scenario.executor === 'constant-vus') return scenario.vus;
          let t = elapsed();
          let from = scenario.vus;
          for (const stage of scenario.stages) {
            if (t < stage.durationMs)
              return Math.round(from + ((stage.target - from) * t) / Math.max(1, stage.durationMs));
            t -= stage.durationMs;
            from = stage.target;
          }
          return from;
        };
        const loop = async (vu: VuHandle, index: number) => {
          while (!deadlinePassed()) {
            if (index >= target()) {
              await host.sleep(50);
              continue;
            }
            const local = counter++;
            const iteration = track(
              host.iterate(vu, scenario, local, iterations.globalIndex(local), progress),
            );
            // Ramping down: a VU above the target may finish its iteration within gracefulRampDown,
            // then it is interrupted (docs executors/ramping-vus "gracefulRampDown").
            const watch =
              scenario.executor === 'ramping-vus'
                ? setInterval(() => {
                    if (index < target()) return;
                    clearInterval(watch);
                    const timer = setTimeout(() => vu.busy && vu.interrupt(), scenario.gracefulRampDownMs);
                    void iteration.finally(() => clearTimeout(timer));
                  }, 20)
                : undefined;
            await iteration.finally(() => clearInterval(watch));
          }
        };
        await Promise.race([Promise.all(vus.map(loop)), host.sleep(scenario.durationMs)]);
        break;
      }
      case 'constant-arrival-rate':
      case 'ramping-arrival-rate': {
        // Iterations started by time t: integral of the rate over [0, t] (piecewise linear).
        const startedBy = (t: number): number => {
          let total = 0;
          let rest = t;
          for (const stage of scenario.rateStages) {
            const span = Math.min(rest, stage.durationMs);
            const endRate =
              stage.startRate + ((stage.endRate - stage.startRate) * span) / Math.max(1, stage.durationMs);
            total += ((stage.startRate + endRate) / 2) * span;
            rest -= span;
            if (rest <= 0) break;
          }
          return total;
        };
        let global = 0;
        let local = 0;
        let growing = 0;
        let warned = false;
        // When each VU last came back idle (a sequence number; never used = -1, in VU order).
        const idleSince = new Map<VuHandle, number>();
        let returned = 0;
        // constant-arrival-rate also starts the iteration due at exactly t = duration: rate × duration + 1
        // (corpus exec-constant-arrival-rate: 5/s × 2 s → 11).
        const totalIterations =
          scenario.executor === 'constant-arrival-rate'
            ? Math.floor(startedBy(scenario.durationMs) + 1e-9) + 1
            : Math.ceil(startedBy(scenario.durationMs) - 1e-9);
        // Every iteration due before the end is either started or dropped, even when the clock check
        // comes late: the total per instance does not depend on timer precision.
        while (!host.stopped() && global < totalIterations) {
          const due =
            elapsed() >= scenario.durationMs ? totalIterations : Math.floor(startedBy(elapsed()) + 1e-9) + 1;
          while (global < Math.min(due, totalIterations)) {
            const g = global++;
            // Each instance runs only the iterations of its segment's stripe (k6 arrival-rate striping).
            if (!iterations.owns(g)) continue;
            // k6 hands each iteration to the VU idle longest (its VUs wait in a queue), so per-VU
            // state spreads over the VUs instead of piling on the first one (corpus
            // exec-constant-arrival-rate: round-robin over the preallocated VUs).
            let vu: VuHandle | undefined;
            for (const candidate of vus) {
              if (candidate.busy || candidate.dead) continue;
              if (!vu || (idleSince.get(candidate) ?? -1) < (idleSince.get(vu) ?? -1)) vu = candidate;
            }
            if (!vu) {
              // No free VU: the iteration is dropped, and one more VU is initialised in the background
              // while below maxVUs (docs executors/constant-arrival-rate "maxVUs").
              host.dropped(scenario, 1);
              if (vus.length + growing < scenario.vus) {
                growing++;
                void host.newVu().then((added) => {
                  growing--;
                  if (added) vus.push(added);
                });
              } else if (!warned) {
                // Once per scenario, when maxVUs are all in use (grafana/k6 lib/executor
                // constant_arrival_rate.go / ramping_arrival_rate.go).
                warned = true;
                host.warn(
                  scenario,
                  `Insufficient VUs, reached ${scenario.vus} active VUs and cannot initialize more`,
                );
              }
              continue;
            }
            vu.busy = true;
            const taken = vu;
            void track(
              host.iterate(taken, scenario, local++, g, progress).finally(() => {
                idleSince.set(taken, returned++);
              }),
            );
          }
          if (global < totalIterations) await host.sleep(5);
        }
        break;
      }
    }
    await gracefulEnd(scenario, running, vus);
  } finally {
    host.release(vus);
  }
}
