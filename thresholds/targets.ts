// Latency targets: the committed defaults (targets.json) and the validation of a TARGETS override.
// Pure: neither k6 nor Node, so the Node side can validate a targets file with the same code.
import type { Phase, WorkloadName } from '../lib/contract/run-plan.ts';
import committed from './targets.json';

/** Upper bounds in ms keyed by a k6 trend aggregation: `avg`, `min`, `med`, `max`, `p(N)` (k6.md §2). */
export type LatencyLimits = Readonly<Record<string, number>>;

export interface LatencyTargets {
  /** `http_req_duration{phase:X}`: all traffic of a measured phase. */
  phases: Readonly<Record<Phase, LatencyLimits>>;
  /** `http_req_duration{phase:X,workload:Y}`: one workload in one phase. */
  workloads: Readonly<Record<WorkloadName, Readonly<Record<Phase, LatencyLimits>>>>;
}

export const PHASES: readonly Phase[] = ['normal', 'heavy'];
export const WORKLOADS: readonly WorkloadName[] = ['auth', 'writes', 'reads', 'limits'];

export class InvalidTargetsError extends Error {
  override name = 'InvalidTargetsError' as const;
  constructor(
    readonly source: string,
    readonly field: string,
    readonly expected: string,
    given: unknown,
  ) {
    super(`invalid latency targets in ${source}: ${field} must be ${expected}, got ${describe(given)}`);
  }
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  try {
    const text = JSON.stringify(value);
    return text.length > 60 ? `${text.slice(0, 57)}...` : text;
  } catch {
    return String(value);
  }
}

/** k6 trend aggregations usable in a threshold (k6.md §2: trends have no `count`). */
const TREND_AGGREGATION = /^(avg|min|med|max|p\((\d{1,3}(\.\d+)?)\))$/;

export function isTrendAggregation(stat: string): boolean {
  const match = TREND_AGGREGATION.exec(stat);
  if (!match) return false;
  return match[2] === undefined || Number(match[2]) <= 100;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const LIMITS_EXPECTED = 'an object of {"avg"|"min"|"med"|"max"|"p(N)": milliseconds > 0, or null to remove}';

/** Merges one limits object over `base`; `null` removes a target. */
function mergeLimits(base: LatencyLimits, override: unknown, source: string, field: string): LatencyLimits {
  if (!isPlainObject(override)) throw new InvalidTargetsError(source, field, LIMITS_EXPECTED, override);
  const merged: Record<string, number> = { ...base };
  for (const [stat, value] of Object.entries(override)) {
    if (!isTrendAggregation(stat)) {
      throw new InvalidTargetsError(
        source,
        `${field}.${stat}`,
        'a key avg, min, med, max or p(N) with 0 <= N <= 100',
        stat,
      );
    }
    if (value === null) {
      delete merged[stat];
    } else if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
      throw new InvalidTargetsError(source, `${field}.${stat}`, 'a finite number of milliseconds > 0', value);
    } else {
      merged[stat] = value;
    }
  }
  return merged;
}

function checkKeys(
  value: Record<string, unknown>,
  allowed: readonly string[],
  source: string,
  field: string,
) {
  for (const key of Object.keys(value)) {
    if (key === '$comment') continue;
    if (!allowed.includes(key)) {
      throw new InvalidTargetsError(source, `${field}${key}`, `one of ${allowed.join(', ')}`, key);
    }
  }
}

/** Merges a (partial) targets object over `base`, validating every field. */
export function mergeTargets(base: LatencyTargets, json: unknown, source: string): LatencyTargets {
  if (!isPlainObject(json)) {
    throw new InvalidTargetsError(source, 'the file', 'a JSON object with "phases" and/or "workloads"', json);
  }
  checkKeys(json, ['phases', 'workloads'], source, '');
  const phases = { ...base.phases };
  if (json.phases !== undefined) {
    if (!isPlainObject(json.phases)) {
      throw new InvalidTargetsError(
        source,
        'phases',
        'an object keyed by phase (normal, heavy)',
        json.phases,
      );
    }
    checkKeys(json.phases, PHASES, source, 'phases.');
    for (const phase of PHASES) {
      const override = json.phases[phase];
      if (override !== undefined)
        phases[phase] = mergeLimits(base.phases[phase], override, source, `phases.${phase}`);
    }
  }
  const workloads = { ...base.workloads };
  if (json.workloads !== undefined) {
    if (!isPlainObject(json.workloads)) {
      throw new InvalidTargetsError(
        source,
        'workloads',
        `an object keyed by workload (${WORKLOADS.join(', ')})`,
        json.workloads,
      );
    }
    checkKeys(json.workloads, WORKLOADS, source, 'workloads.');
    for (const workload of WORKLOADS) {
      const perPhase = json.workloads[workload];
      if (perPhase === undefined) continue;
      const field = `workloads.${workload}`;
      if (!isPlainObject(perPhase)) {
        throw new InvalidTargetsError(source, field, 'an object keyed by phase (normal, heavy)', perPhase);
      }
      checkKeys(perPhase, PHASES, source, `${field}.`);
      const merged = { ...base.workloads[workload] };
      for (const phase of PHASES) {
        const override = perPhase[phase];
        if (override !== undefined) {
          merged[phase] = mergeLimits(merged[phase], override, source, `${field}.${phase}`);
        }
      }
      workloads[workload] = merged;
    }
  }
  return { phases, workloads };
}

const EMPTY: LatencyTargets = {
  phases: { normal: {}, heavy: {} },
  workloads: {
    auth: { normal: {}, heavy: {} },
    writes: { normal: {}, heavy: {} },
    reads: { normal: {}, heavy: {} },
    limits: { normal: {}, heavy: {} },
  },
};

/** The committed defaults of thresholds/targets.json, validated like any override. */
export const DEFAULT_TARGETS: LatencyTargets = mergeTargets(EMPTY, committed, 'thresholds/targets.json');

/**
 * Validates a TARGETS override (any subset of the targets.json shape) and merges it over the defaults.
 * Throws InvalidTargetsError naming the field, what was expected and what was given.
 */
export function parseTargets(json: unknown, source: string): LatencyTargets {
  return mergeTargets(DEFAULT_TARGETS, json, source);
}
