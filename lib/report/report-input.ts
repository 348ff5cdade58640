// What every renderer gets: this run's record, the baseline record if any, their comparison, warnings.
import type { Comparison } from './comparison.ts';
import { formatCount, formatRate, formatSeconds } from './format.ts';
import type { ResultRecord } from './record.ts';
import { routeBudgetText } from './route-budgets.ts';
import { skipsPerWorkload } from './validity.ts';

export interface ReportInput {
  record: ResultRecord;
  baseline: ResultRecord | null;
  comparison: Comparison;
  /** Lines starting with "warning:" (e.g. an unreadable baseline), shown as given. */
  warnings: readonly string[];
}

/** The definition lines in print order. */
export function definitionLines(record: ResultRecord): string[] {
  const d = record.definitions;
  return [
    d.successRate,
    d.totalRequests,
    d.requestsPerSecond,
    d.latencyNormal,
    d.latencyHeavy,
    d.change,
    d.score,
    d.validity,
  ];
}

/** "this run is VALID" or "this run is INVALID: reason; reason". */
export function validityLine(who: string, record: ResultRecord): string {
  return record.validity.valid
    ? `${who} is VALID`
    : `${who} is INVALID: ${record.validity.reasons.join('; ')}`;
}

export function thresholdsLine(record: ResultRecord): string {
  const total = record.thresholds.length;
  if (total === 0) return 'thresholds: none evaluated';
  const failed = record.thresholds.filter((t) => !t.ok);
  if (failed.length === 0) return `thresholds: all ${total} passed`;
  // k6's unfiltered http_req_failed also counts setup, warm-up and teardown requests; say so when every
  // measured request succeeded, or the line reads as if the measurement had failed.
  const outside = (t: { metric: string }) =>
    t.metric === 'http_req_failed' && record.measured.failed === 0
      ? ' (failed requests outside the measured phases: setup, warm-up or teardown; success rate counts only measured ones)'
      : '';
  return `thresholds: ${failed.length} of ${total} FAILED: ${failed.map((t) => `${t.metric} ${t.expression}${outside(t)}`).join('; ')}`;
}

export function titleLine(record: ResultRecord): string {
  // The label defaults to the server version: say it once then.
  const label = record.label === record.serverVersion ? '' : ` ${record.label}`;
  return `Appwrite benchmark${label}: run ${record.runId}, profile ${record.profile}, server ${record.serverVersion} at ${record.endpointHost}`;
}

const plural = (count: number, one: string, many: string) =>
  `${formatCount(count)} ${count === 1 ? one : many}`;

/**
 * How long each measured phase was active against its schedule, and which seconds requests per second
 * used: "measured: normal phase active 0.41 s (scheduled: up to 120 s), 21 requests; ...".
 */
export function measuredLine(record: ResultRecord): string {
  if (record.phases.length === 0) return 'measured: no measured phase';
  const phases = record.phases.map(
    (p) =>
      `${p.phase} phase active ${p.observedSeconds === null ? 'for an unknown time' : formatSeconds(p.observedSeconds)} (schedule: ${formatSeconds(p.scheduledSeconds)}), ${p.requests === null ? 'n/a' : plural(p.requests, 'request', 'requests')}`,
  );
  const basis =
    record.measured.rateBasis === 'observed'
      ? 'requests per second use the active seconds'
      : 'requests per second use the scheduled seconds (appwrite_phase_clock missing from the summary)';
  const absent = (['normal', 'heavy'] as const).filter(
    (phase) => !record.phases.some((p) => p.phase === phase),
  );
  const missing = absent.map(
    (phase) => `; no ${phase} phase in profile ${record.profile}, so its response time is n/a`,
  );
  return `measured: ${phases.join('; ')}; ${basis}${missing.join('')}`;
}

/** 429s from the server and the lowest remaining budget seen per route. */
export function rateLimitLine(record: ResultRecord): string {
  const { total, expected, routes } = record.rateLimits;
  const count = total ?? 0;
  const verdict =
    count === 0
      ? `no 429 response${expected ? '' : ' (none expected)'}`
      : `${plural(count, 'response', 'responses')} 429${expected ? ' (expected: the limits workload provokes them)' : ' (unexpected)'}`;
  const seen = routes
    .filter((r) => r.minRemaining !== null || (r.count ?? 0) > 0)
    .map(
      (r) =>
        `${r.name} ${r.minRemaining === null ? 'n/a' : formatCount(r.minRemaining)}${(r.count ?? 0) > 0 ? ` (${plural(r.count ?? 0, '429', '429s')})` : ''}`,
    );
  return `rate limits: ${verdict}${seen.length > 0 ? `; lowest X-RateLimit-Remaining seen: ${seen.join(', ')}` : ''}`;
}

/**
 * Throttling by the client's own budget keeping (ABUSE=enabled): never a reason to call the run invalid,
 * but it changes what was measured, so it is said plainly, one line per throttled route.
 */
export function budgetLines(record: ResultRecord): string[] {
  if (record.abuse === 'disabled') return ['budget: not kept (ABUSE=disabled): every request was sent'];
  const workloadsOfRun = new Set(record.workloads.map((w) => w.workload));
  const lines = record.rateLimits.routes.flatMap((route) => {
    const skipped = route.skipped ?? 0;
    const waits = route.waits ?? 0;
    if (skipped === 0 && waits === 0) return [];
    const words = routeBudgetText(route.name);
    const who = words.workloads.filter((w) => workloadsOfRun.has(w)).join('/') || route.name;
    const parts = [
      ...(skipped > 0
        ? [
            `${formatCount(skipped)} ${words.requests} skipped to stay within Appwrite's ${words.budget} budget`,
          ]
        : []),
      ...(waits > 0
        ? [
            `${plural(waits, 'wait', 'waits')} to pace within or for the reset of the ${route.name} window (${formatSeconds(route.waitSeconds)} in total)`,
          ]
        : []),
    ];
    return [`budget: ${who}: ${parts.join('; ')}`];
  });
  const skips = skipsPerWorkload(record).filter((row) => row.skipped > 0);
  if (skips.length > 0)
    lines.push(
      `budget: skipped per workload: ${skips.map((row) => `${row.workload} ${formatCount(row.skipped)} (${formatRate(row.share)} of its requests)`).join(', ')}`,
    );
  if (lines.length > 0) return lines;
  const unknown =
    record.rateLimits.routes.length > 0 && record.rateLimits.routes.every((r) => r.skipped === null);
  return unknown
    ? ['budget: n/a (appwrite_budget_skipped not in the summary)']
    : ["budget: no request skipped or delayed by the client's own rate-limit budget keeping"];
}
