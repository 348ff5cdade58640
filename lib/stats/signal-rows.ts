// Which figures of a result record carry signal about the server, and which only echo the load schedule.
// In an open-model phase (arrival-rate executors) k6 starts iterations on a timetable, so requests per
// second is fixed by the profile (50.70 vs 50.77/s in the real A/A pair of ../shared/fixtures/real-runs/):
// it is shown but never scored; latency and dropped iterations carry the verdict there. In a closed-model
// phase (constant VUs, heavy) a slower server serves fewer requests, so throughput is scored too.
import type { Phase, ProfileName } from '../contract/run-plan.ts';
import type { ResultRecord } from '../report/record.ts';

export type Direction = 'lower-is-better' | 'higher-is-better';
export type LoadModel = 'open' | 'closed';

export interface SignalRow {
  key: string;
  label: string;
  unit: 'ms' | '/s' | 'count';
  direction: Direction;
  scored: boolean;
  /** Why the row is or is not scored, printed with the table. */
  why: string;
  /** Rows shown folded (per workload) rather than in the main table. */
  detail: boolean;
  value: (record: ResultRecord) => number | null;
}

/** The load model of a phase, from the profile definitions in lib/profiles/index.ts. */
export function loadModel(profile: ProfileName, phase: Phase): LoadModel {
  if (phase === 'heavy') return profile === 'stress' ? 'open' : 'closed';
  // smoke runs its normal phase as per-vu-iterations (closed); every other profile's normal is arrival-rate.
  return profile === 'smoke' ? 'closed' : 'open';
}

const PERCENTILES = [
  ['p50', 'median'],
  ['p95', 'p95'],
  ['p99', 'p99'],
] as const;

export function signalRows(
  profile: ProfileName,
  phases: readonly Phase[],
  workloads: readonly string[],
): SignalRow[] {
  const rows: SignalRow[] = [];
  for (const phase of phases) {
    const model = loadModel(profile, phase);
    const phaseOf = (r: ResultRecord) => r.phases.find((p) => p.phase === phase);
    rows.push({
      key: `${phase}.rps`,
      label: `${phase} requests/s`,
      unit: '/s',
      direction: 'higher-is-better',
      scored: model === 'closed',
      why:
        model === 'closed'
          ? `${phase} is closed-model (${profile === 'smoke' ? 'per-VU iterations' : 'constant VUs'}): a slower server serves fewer requests`
          : `${phase} is open-model (arrival rate): the schedule fixes throughput, so it is reported, not scored`,
      detail: false,
      value: (r) => {
        const p = phaseOf(r);
        const seconds = p?.observedSeconds ?? p?.scheduledSeconds ?? null;
        return p?.requests == null || !seconds ? null : p.requests / seconds;
      },
    });
    for (const [stat, name] of PERCENTILES) {
      rows.push({
        key: `${phase}.${stat}`,
        label: `${phase} ${name} latency`,
        unit: 'ms',
        direction: 'lower-is-better',
        scored: true,
        why: `latency carries signal in both load models`,
        detail: false,
        value: (r) => phaseOf(r)?.latencyMs[stat] ?? null,
      });
    }
  }
  rows.push({
    key: 'droppedIterations',
    label: 'dropped iterations',
    unit: 'count',
    direction: 'lower-is-better',
    scored: true,
    why: 'an open-model run that drops iterations could not keep its schedule (compared as counts, not in the score)',
    detail: false,
    value: (r) => r.droppedIterations,
  });
  for (const phase of phases)
    for (const workload of workloads)
      for (const stat of ['p50', 'p95'] as const) {
        rows.push({
          key: `${phase}.${workload}.${stat}`,
          label: `${phase} ${workload} ${stat}`,
          unit: 'ms',
          direction: 'lower-is-better',
          scored: false,
          why: 'per-workload detail: its samples are already in the phase rows, scoring both would count them twice',
          detail: true,
          value: (r) =>
            r.workloads.find((w) => w.phase === phase && w.workload === workload)?.latencyMs[stat] ?? null,
        });
      }
  return rows;
}
