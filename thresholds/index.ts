// Public API of the shared thresholds (imported by profiles and the summary).
export {
  buildThresholds,
  DuplicateThresholdError,
  SUMMARY_TREND_STATS,
  type ThresholdEntry,
  type Thresholds,
} from './build.ts';
export {
  budgetSkippedKey,
  budgetWaitKey,
  InvalidTagValueError,
  phaseClockKey,
  phaseKey,
  rateLimitedKey,
  remainingKey,
  submetricKey,
  workloadKey,
} from './keys.ts';
export {
  DEFAULT_TARGETS,
  InvalidTargetsError,
  isTrendAggregation,
  type LatencyLimits,
  type LatencyTargets,
  mergeTargets,
  PHASES,
  parseTargets,
  WORKLOADS,
} from './targets.ts';
