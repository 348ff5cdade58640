// Profiles as typed data. Pure (k6 option types only).
import type { Scenario } from 'k6/options';
import type {
  PhaseTag,
  PhaseWindow,
  ProfileName,
  ThresholdPlan,
  WorkloadName,
} from '../contract/run-plan.ts';

/**
 * Names of the exported exec functions. Each workload's function has the workload's name, and the entry
 * checks `{ auth, writes, reads, limits } satisfies Record<ExecName, …>`, so a renamed function breaks the build.
 */
export type ExecName = WorkloadName;

/** A k6 scenario whose `exec` and tags are tied to a workload and a phase. */
export type PlannedScenario = Scenario & {
  exec: ExecName;
  tags: { workload: WorkloadName; phase: PhaseTag };
};

export interface ProfilePlan {
  profile: ProfileName;
  /** k6 `options.scenarios`, keyed `${workload}_${phase}`. */
  scenarios: Record<string, PlannedScenario>;
  /** Measured phases in order, warm-up excluded. */
  phases: PhaseWindow[];
  thresholdPlan: ThresholdPlan;
  /** Users setup signs in for the VUs: the most VUs that can run at once, capped (lib/provision/setup-data.ts). */
  poolSize: number;
  /** Σ vus × iterations when every scenario is per-vu-iterations (smoke), else null: what a full run completes. */
  expectedIterations: number | null;
}
