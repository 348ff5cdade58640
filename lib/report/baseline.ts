// Reading a BASELINE result file: recognise a foreign or broken file and say what is wrong with it
// instead of comparing against garbage. Hand-written guards (no JSON-schema library runs inside k6);
// lib/report/result-record.schema.json states the same shape for other tools and is tested against these.
import type { RunContext } from '../contract/run-plan.ts';
import { ROW_IDS } from './definitions.ts';
import { READABLE_SCHEMA_VERSIONS, RECORD_KIND, type ResultRecord, UNKNOWN_PRODUCER } from './record.ts';

export type BaselineResult = { ok: true; record: ResultRecord } | { ok: false; problem: string };

type Guard = (value: unknown, path: string) => string | null;

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const string: Guard = (v, p) => (typeof v === 'string' ? null : `${p} must be a string`);
const boolean: Guard = (v, p) => (typeof v === 'boolean' ? null : `${p} must be a boolean`);
const number: Guard = (v, p) =>
  typeof v === 'number' && Number.isFinite(v) ? null : `${p} must be a number`;
const nullable =
  (guard: Guard): Guard =>
  (v, p) =>
    v === null ? null : guard(v, p);
/** For fields added after schema version 1 was first written: older records lack them (filled in below). */
const optional =
  (guard: Guard): Guard =>
  (v, p) =>
    v === undefined ? null : guard(v, p);
const oneOf =
  (...allowed: string[]): Guard =>
  (v, p) =>
    typeof v === 'string' && allowed.includes(v) ? null : `${p} must be one of ${allowed.join(', ')}`;
const arrayOf =
  (guard: Guard): Guard =>
  (v, p) => {
    if (!Array.isArray(v)) return `${p} must be an array`;
    for (let i = 0; i < v.length; i++) {
      const problem = guard(v[i], `${p}[${i}]`);
      if (problem) return problem;
    }
    return null;
  };
const object =
  (shape: Record<string, Guard>): Guard =>
  (v, p) => {
    if (!isObject(v)) return `${p} must be an object`;
    for (const [key, guard] of Object.entries(shape)) {
      const problem = guard(v[key], `${p}.${key}`);
      if (problem) return problem;
    }
    return null;
  };

const maybeNumber = nullable(number);
const phase = oneOf('normal', 'heavy');
const latency = object(
  Object.fromEntries(['count', 'avg', 'min', 'p50', 'p90', 'p95', 'p99', 'max'].map((k) => [k, maybeNumber])),
);
const traffic = { requests: maybeNumber, failed: maybeNumber, latencyMs: latency };

const record = object({
  runId: string,
  label: string,
  profile: oneOf('smoke', 'normal', 'heavy', 'blog', 'stress', 'soak'),
  serverVersion: string,
  endpointHost: (v, p) =>
    typeof v === 'string' && !/@|\?|#|^[a-zA-Z][a-zA-Z0-9+.-]*:\/\//.test(v)
      ? null
      : `${p} must be a host and path without scheme, credentials or query`,
  startedAt: nullable(string),
  endedAt: nullable(string),
  testRunDurationMs: maybeNumber,
  abuse: oneOf('enabled', 'disabled'),
  clientIps: oneOf('per-vu', 'single'),
  summaryTrendStats: arrayOf(string),
  table: object(Object.fromEntries(ROW_IDS.map((id) => [id, maybeNumber]))),
  measured: object({
    scheduledSeconds: number,
    observedSeconds: optional(maybeNumber),
    rateBasis: optional(oneOf('observed', 'scheduled')),
    requests: maybeNumber,
    failed: maybeNumber,
  }),
  phases: arrayOf(
    object({ phase, scheduledSeconds: number, observedSeconds: optional(maybeNumber), ...traffic }),
  ),
  workloads: arrayOf(object({ workload: oneOf('auth', 'writes', 'reads', 'limits'), phase, ...traffic })),
  checks: object({ passes: maybeNumber, fails: maybeNumber }),
  droppedIterations: maybeNumber,
  rateLimits: object({
    expected: boolean,
    total: maybeNumber,
    minRemaining: maybeNumber,
    routes: arrayOf(
      object({
        name: string,
        count: maybeNumber,
        minRemaining: maybeNumber,
        skipped: optional(maybeNumber),
        waits: optional(maybeNumber),
        waitSeconds: optional(maybeNumber),
      }),
    ),
  }),
  thresholds: arrayOf(object({ metric: string, expression: string, ok: boolean })),
  thresholdsPassed: nullable(boolean),
  validity: object({ valid: boolean, reasons: arrayOf(string) }),
  producer: optional(
    object({
      runner: nullable(oneOf('k6', 'sandbox')),
      runnerVersion: nullable(string),
      machine: object({
        host: nullable(string),
        cores: nullable(number),
        sameHostAsServer: nullable(boolean),
      }),
    }),
  ),
  definitions: (v, p) => (isObject(v) ? null : `${p} must be an object`),
});

/** Checks a parsed value is a result record of this suite, schema version 1. */
export function checkRecord(value: unknown): BaselineResult {
  if (!isObject(value) || value.kind !== RECORD_KIND) {
    return { ok: false, problem: `not a result record of this suite (expected "kind": "${RECORD_KIND}")` };
  }
  if (typeof value.schemaVersion !== 'number' || !READABLE_SCHEMA_VERSIONS.includes(value.schemaVersion)) {
    return {
      ok: false,
      problem: `unsupported schemaVersion: expected one of ${READABLE_SCHEMA_VERSIONS.join(', ')}, got ${JSON.stringify(value.schemaVersion)}`,
    };
  }
  const problem = record(value, 'record');
  return problem === null
    ? { ok: true, record: withAddedFields(value as unknown as ResultRecord) }
    : { ok: false, problem };
}

/**
 * Fields added to schema version 1 after its first release (phase clock, budget keeping), filled in as
 * "not measured" for records written before them: such a run divided by scheduled seconds.
 */
function withAddedFields(record: ResultRecord): ResultRecord {
  return {
    ...record,
    // Version 1 records say nothing about their runner or machine.
    producer: record.producer ?? UNKNOWN_PRODUCER,
    measured: {
      ...record.measured,
      observedSeconds: record.measured.observedSeconds ?? null,
      rateBasis: record.measured.rateBasis ?? 'scheduled',
    },
    phases: record.phases.map((p) => ({ ...p, observedSeconds: p.observedSeconds ?? null })),
    rateLimits: {
      ...record.rateLimits,
      routes: record.rateLimits.routes.map((r) => ({
        ...r,
        skipped: r.skipped ?? null,
        waits: r.waits ?? null,
        waitSeconds: r.waitSeconds ?? null,
      })),
    },
  };
}

/** Parses a baseline file's text. */
export function parseBaseline(text: string): BaselineResult {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { ok: false, problem: `not JSON (${error instanceof Error ? error.message : String(error)})` };
  }
  return checkRecord(value);
}

/** The baseline of a run and any warning about it: null record when absent, unreadable or foreign. */
export function loadBaseline(baseline: RunContext['baseline']): {
  record: ResultRecord | null;
  warning: string | null;
} {
  if (baseline === null) return { record: null, warning: null };
  const suffix = 'the table shows this run alone';
  if ('error' in baseline) {
    return {
      record: null,
      warning: `warning: baseline ${baseline.path} could not be read (${baseline.error}); ${suffix}`,
    };
  }
  const result = parseBaseline(baseline.content);
  if (!result.ok)
    return {
      record: null,
      warning: `warning: baseline ${baseline.path} ignored: ${result.problem}; ${suffix}`,
    };
  return { record: result.record, warning: null };
}
