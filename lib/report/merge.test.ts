import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkRecord } from './baseline.ts';
import { blogRun, fakeContext, fakeSummaryData } from './k6-data.fixture.ts';
import { MergeError, mergeRecords } from './merge.ts';
import { buildRecord, type ResultRecord } from './record.ts';

const END = Date.UTC(2026, 11, 1, 23, 0, 0);
const part = (): ResultRecord => buildRecord(fakeSummaryData(blogRun()), fakeContext(), END);

function withNormal(
  record: ResultRecord,
  count: number,
  p95: number,
  min: number,
  max: number,
): ResultRecord {
  return {
    ...record,
    phases: record.phases.map((p) =>
      p.phase === 'normal' ? { ...p, latencyMs: { ...p.latencyMs, count, p95, min, max, avg: p95 / 2 } } : p,
    ),
  };
}

describe('mergeRecords', () => {
  it('sums every count and keeps the extremes exact', () => {
    const a = part();
    const b = part();
    const merged = mergeRecords([a, b]);
    assert.equal(merged.measured.requests, (a.measured.requests ?? 0) * 2);
    assert.equal(merged.table.totalRequests, (a.table.totalRequests ?? 0) * 2);
    assert.equal(merged.checks.passes, (a.checks.passes ?? 0) * 2);
    assert.equal(merged.droppedIterations, (a.droppedIterations ?? 0) * 2);
    for (const [i, w] of merged.workloads.entries())
      assert.equal(w.latencyMs.count, (a.workloads[i]?.latencyMs.count ?? 0) * 2);
    assert.ok(checkRecord(JSON.parse(JSON.stringify(merged))).ok, 'the merged record is not a valid record');
  });

  it('approximates a percentile by the count-weighted mean of the parts, between their values', () => {
    const merged = mergeRecords([withNormal(part(), 300, 100, 5, 400), withNormal(part(), 100, 200, 2, 900)]);
    const normal = merged.phases.find((p) => p.phase === 'normal')?.latencyMs;
    assert.equal(normal?.count, 400);
    assert.equal(normal?.p95, 125); // (300 × 100 + 100 × 200) ÷ 400
    assert.equal(normal?.avg, 62.5); // avg is exact: Σ avg × count ÷ Σ count
    assert.equal(normal?.min, 2);
    assert.equal(normal?.max, 900);
  });

  it('calls the whole run interrupted, and invalid, when one part was interrupted', () => {
    const a = part();
    const reason = 'interrupted: normal phase active 9.0 s of 180 s scheduled';
    const b: ResultRecord = { ...part(), outcome: { kind: 'interrupted', reason } };
    assert.equal(a.outcome.kind, 'completed');
    const merged = mergeRecords([a, b]);
    assert.deepEqual(merged.outcome, { kind: 'interrupted', reason });
    assert.equal(merged.validity.valid, false);
    assert.ok(
      merged.validity.reasons.some((r) => r.includes('interrupted')),
      merged.validity.reasons.join('; '),
    );
  });

  it('fails a threshold that failed on any part', () => {
    const a = part();
    const b = { ...part(), thresholds: part().thresholds.map((t, i) => (i === 0 ? { ...t, ok: false } : t)) };
    const merged = mergeRecords([a, b]);
    assert.equal(merged.thresholds[0]?.ok, false);
    assert.equal(merged.thresholdsPassed, false);
  });

  it('refuses records of different runs, and an empty list', () => {
    assert.throws(() => mergeRecords([part(), { ...part(), runId: 'other' }]), MergeError);
    assert.throws(() => mergeRecords([part(), { ...part(), runId: 'other' }]), /runId/);
    assert.throws(() => mergeRecords([]), /no records/);
  });
});
