// What every renderer gets: this run's record, the baseline record if any, their comparison, warnings.
import type { Comparison } from './comparison.ts';
import type { ResultRecord } from './record.ts';

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
  return `thresholds: ${failed.length} of ${total} FAILED: ${failed.map((t) => `${t.metric} ${t.expression}`).join('; ')}`;
}

export function titleLine(record: ResultRecord): string {
  return `Appwrite benchmark ${record.label}: run ${record.runId}, profile ${record.profile}, server ${record.serverVersion} at ${record.endpointHost}`;
}
