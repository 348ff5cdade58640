// Merging the result records of one run split over several k6 instances (execution segments, the
// k6-operator's runners): each instance writes its own record on its share of the load. Pure.
//
// Exact: every count (requests, failed, latency sample counts, checks, dropped iterations, 429s, budget
// skips and waits), min, max, and the count-weighted average. NOT exact: percentiles (p50, p90, p95,
// p99). A percentile of the whole cannot be rebuilt from the parts' percentiles; here it is the
// count-weighted mean of the parts' values, which lies between the smallest and the largest part's value
// and equals the true value when the parts have the same distribution (the same script on the same
// server, split by segment: the usual case). For exact whole-test percentiles, stream the samples to one
// place (Prometheus remote write, Grafana Cloud k6; README "Distributed runs").
import type { Phase, WorkloadName } from '../contract/run-plan.ts';
import type { LatencyFigures, ResultRecord, RouteLimitFigures, TrafficFigures } from './record.ts';
import { finite, sumAll } from './statistics.ts';
import { assessValidity } from './validity.ts';

export class MergeError extends Error {
  override name = 'MergeError' as const;
}

/** Fields every part must share: they say which run and configuration the figures belong to. */
const SAME = ['runId', 'profile', 'serverVersion', 'endpointHost', 'abuse', 'clientIps'] as const;

const nonNull = (values: ReadonlyArray<number | null>): number[] =>
  values.filter((v): v is number => v !== null);
const minOf = (values: ReadonlyArray<number | null>): number | null =>
  nonNull(values).length === 0 ? null : Math.min(...nonNull(values));
const maxOf = (values: ReadonlyArray<number | null>): number | null =>
  nonNull(values).length === 0 ? null : Math.max(...nonNull(values));

/** Σ value × count ÷ Σ count over the parts with samples; null when no part has both. */
function weighted(parts: readonly LatencyFigures[], stat: keyof LatencyFigures): number | null {
  let sum = 0;
  let weight = 0;
  for (const part of parts) {
    const value = part[stat];
    if (value === null || part.count === null || part.count === 0) continue;
    sum += value * part.count;
    weight += part.count;
  }
  return weight === 0 ? null : finite(sum / weight);
}

function mergeLatency(parts: readonly LatencyFigures[]): LatencyFigures {
  // A part without samples reports every stat, count included, as null (record.ts: "no data"), so it adds 0.
  const counts = nonNull(parts.map((p) => p.count));
  const count = counts.length === 0 ? null : counts.reduce((a, b) => a + b, 0);
  if (count === null || count === 0) return { ...(parts[0] as LatencyFigures), count };
  return {
    count,
    avg: weighted(parts, 'avg'),
    min: minOf(parts.map((p) => p.min)),
    p50: weighted(parts, 'p50'),
    p90: weighted(parts, 'p90'),
    p95: weighted(parts, 'p95'),
    p99: weighted(parts, 'p99'),
    max: maxOf(parts.map((p) => p.max)),
  };
}

function mergeTraffic(parts: readonly TrafficFigures[]): TrafficFigures {
  return {
    requests: sumAll(parts.map((p) => p.requests)),
    failed: sumAll(parts.map((p) => p.failed)),
    latencyMs: mergeLatency(parts.map((p) => p.latencyMs)),
  };
}

function byKey<T>(
  records: readonly ResultRecord[],
  list: (r: ResultRecord) => readonly T[],
  key: (t: T) => string,
) {
  const groups = new Map<string, T[]>();
  for (const record of records)
    for (const item of list(record)) groups.set(key(item), [...(groups.get(key(item)) ?? []), item]);
  return groups;
}

/**
 * One record for the whole run. Throws MergeError when the parts are not from one run (different
 * runId, profile, server, endpoint or settings) or fewer than one part is given.
 */
export function mergeRecords(records: readonly ResultRecord[]): ResultRecord {
  const first = records[0];
  if (first === undefined) throw new MergeError('no records to merge: expected one or more result records');
  for (const field of SAME)
    for (const record of records)
      if (record[field] !== first[field])
        throw new MergeError(
          `records are not from one run: ${field} is ${JSON.stringify(first[field])} in the first and ${JSON.stringify(record[field])} in another`,
        );

  const phases = [
    ...byKey(
      records,
      (r) => r.phases,
      (p) => p.phase,
    ).values(),
  ].map((parts) => {
    const head = parts[0] as (typeof parts)[number];
    return {
      phase: head.phase as Phase,
      scheduledSeconds: head.scheduledSeconds,
      // The runners run at the same time: the phase lasted as long as its longest runner's share.
      observedSeconds: parts.every((p) => p.observedSeconds !== null)
        ? maxOf(parts.map((p) => p.observedSeconds))
        : null,
      ...mergeTraffic(parts),
    };
  });
  const workloads = [
    ...byKey(
      records,
      (r) => r.workloads,
      (w) => `${w.phase}/${w.workload}`,
    ).values(),
  ].map((parts) => {
    const head = parts[0] as (typeof parts)[number];
    return { workload: head.workload as WorkloadName, phase: head.phase, ...mergeTraffic(parts) };
  });
  const routes: RouteLimitFigures[] = [
    ...byKey(
      records,
      (r) => r.rateLimits.routes,
      (r) => r.name,
    ).entries(),
  ].map(([name, parts]) => ({
    name,
    count: sumAll(parts.map((p) => p.count)),
    minRemaining: minOf(parts.map((p) => p.minRemaining)),
    skipped: sumAll(parts.map((p) => p.skipped)),
    waits: sumAll(parts.map((p) => p.waits)),
    waitSeconds: sumAll(parts.map((p) => p.waitSeconds)),
  }));
  const thresholdGroups = byKey(
    records,
    (r) => r.thresholds,
    (t) => `${t.metric}\u0000${t.expression}`,
  );
  // Each runner judged its own share; the merged verdict holds only if it held on every runner.
  const thresholds = [...thresholdGroups.values()].map((parts) => ({
    ...(parts[0] as (typeof parts)[number]),
    ok: parts.every((t) => t.ok),
  }));

  const requests = sumAll(phases.map((p) => p.requests));
  const failed = sumAll(phases.map((p) => p.failed));
  const scheduledSeconds = phases.reduce((sum, p) => sum + p.scheduledSeconds, 0);
  const observedSeconds =
    phases.length > 0 && phases.every((p) => p.observedSeconds !== null)
      ? phases.reduce((sum, p) => sum + (p.observedSeconds ?? 0), 0)
      : null;
  const rateSeconds = observedSeconds ?? scheduledSeconds;
  const p50Of = (phase: Phase) => phases.find((p) => p.phase === phase)?.latencyMs.p50 ?? null;
  const checks = {
    passes: sumAll(records.map((r) => r.checks.passes)),
    fails: sumAll(records.map((r) => r.checks.fails)),
  };
  const droppedIterations = sumAll(records.map((r) => r.droppedIterations));
  const rateLimits = {
    expected: records.some((r) => r.rateLimits.expected),
    total: sumAll(records.map((r) => r.rateLimits.total)),
    minRemaining: minOf(records.map((r) => r.rateLimits.minRemaining)),
    routes,
  };
  const starts = records
    .map((r) => r.startedAt)
    .filter((s): s is string => s !== null)
    .sort();
  const ends = records
    .map((r) => r.endedAt)
    .filter((s): s is string => s !== null)
    .sort();

  // One part that did not complete (interrupted, stopped, setup failed) means the run as a whole did not.
  const outcome =
    records.map((r) => r.outcome).find((o) => o !== undefined && o.kind !== 'completed') ?? first.outcome;

  return {
    ...first,
    ...(outcome === undefined ? {} : { outcome }),
    startedAt: starts[0] ?? null,
    endedAt: ends[ends.length - 1] ?? null,
    testRunDurationMs: maxOf(records.map((r) => r.testRunDurationMs)),
    table: {
      successRate:
        requests !== null && failed !== null && requests > 0 ? finite(1 - failed / requests) : null,
      totalRequests: requests,
      requestsPerSecond: requests !== null && rateSeconds > 0 ? finite(requests / rateSeconds) : null,
      latencyNormal: p50Of('normal'),
      latencyHeavy: p50Of('heavy'),
    },
    measured: {
      scheduledSeconds,
      observedSeconds,
      rateBasis: observedSeconds === null ? 'scheduled' : 'observed',
      requests,
      failed,
    },
    phases,
    workloads,
    checks,
    droppedIterations,
    rateLimits,
    thresholds,
    thresholdsPassed: thresholds.length === 0 ? null : thresholds.every((t) => t.ok),
    validity: assessValidity({
      droppedIterations,
      rateLimits,
      checks,
      phases,
      workloads,
      ...(outcome === undefined ? {} : { outcome }),
    }),
  };
}
