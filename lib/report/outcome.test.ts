import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { assessOutcome, minimumActiveSeconds, type OutcomeInputs } from './outcome.ts';
import type { ResultRecord } from './record.ts';

function realRun(name: string): ResultRecord {
  const url = new URL(`../../../shared/fixtures/real-runs/${name}.json`, import.meta.url);
  return JSON.parse(readFileSync(url, 'utf8')) as ResultRecord;
}

/** The outcome inputs a real record's figures give (records of schema 1 carry no outcome themselves). */
function inputsOf(record: ResultRecord, overrides: Partial<OutcomeInputs> = {}): OutcomeInputs {
  const smoke = record.profile === 'smoke';
  return {
    setupCompleted: record.runId !== 'unknown',
    abortOnFail: smoke || record.profile === 'stress',
    thresholds: record.thresholds,
    timedPhases: smoke ? [] : record.phases,
    iterations: smoke ? { expected: 9, completed: 9 } : null,
    ...overrides,
  };
}

describe('assessOutcome on real k6 runs', () => {
  it('SIGINT 50 s into PROFILE=normal (k6 exit 105) is interrupted, with the phase time in words', () => {
    const outcome = assessOutcome(inputsOf(realRun('k6-1.3.0_emulator-1.9.6_normal-sigint')));
    assert.deepEqual(outcome, {
      kind: 'interrupted',
      reason: 'interrupted: normal phase active 9.05 s of 300 s scheduled',
    });
  });

  it('a setup that threw (k6 exit 107) is setup-failed', () => {
    const outcome = assessOutcome(inputsOf(realRun('k6-1.3.0_emulator-1.9.6_setup-failed')));
    assert.equal(outcome.kind, 'setup-failed');
  });

  it('a smoke run whose abortOnFail threshold failed (exit 99) was stopped by that threshold', () => {
    const outcome = assessOutcome(inputsOf(realRun('k6-1.3.0_emulator-1.9.6_smoke-error-reads')));
    assert.equal(outcome.kind, 'threshold-aborted');
    assert.match(
      outcome.reason ?? '',
      /^stopped by a threshold \(abortOnFail\): checks rate==1; http_req_failed rate==0 failed$/,
    );
  });

  it('full smoke, normal and heavy runs completed', () => {
    for (const name of ['smoke', 'normal', 'heavy-1', 'heavy-2']) {
      const outcome = assessOutcome(inputsOf(realRun(`k6-1.3.0_emulator-1.9.6_${name}`)));
      assert.deepEqual(outcome, { kind: 'completed', reason: null }, name);
    }
  });

  it('a smoke run that completed fewer iterations than scheduled was interrupted', () => {
    const smoke = realRun('k6-1.3.0_emulator-1.9.6_smoke');
    const outcome = assessOutcome(inputsOf(smoke, { iterations: { expected: 9, completed: 4 } }));
    assert.deepEqual(outcome, {
      kind: 'interrupted',
      reason: 'interrupted: 4 of 9 scheduled iterations completed',
    });
  });
});

describe('phase tolerance', () => {
  it('allows the larger of 5 % and 2 s', () => {
    assert.equal(minimumActiveSeconds(300), 285);
    assert.equal(minimumActiveSeconds(20), 18);
    const phase = (observedSeconds: number) => ({
      phase: 'normal' as const,
      scheduledSeconds: 300,
      observedSeconds,
    });
    const base = inputsOf(realRun('k6-1.3.0_emulator-1.9.6_normal'));
    assert.equal(assessOutcome({ ...base, timedPhases: [phase(285)] }).kind, 'completed');
    assert.equal(assessOutcome({ ...base, timedPhases: [phase(284.9)] }).kind, 'interrupted');
  });
});

describe('skips per workload', () => {
  it('the real heavy run that skipped 29,341 sign-ups is INVALID for auth, and only auth', async () => {
    const { assessValidity, skipsPerWorkload } = await import('./validity.ts');
    const heavy = realRun('k6-1.3.0_emulator-1.9.6_heavy-1');
    const rows = skipsPerWorkload(heavy);
    assert.deepEqual(
      rows.map((r) => [r.workload, r.skipped, r.sent]),
      [
        ['auth', 29_341, 3_972],
        ['writes', 0, 65_450],
        ['reads', 0, 181_318],
      ],
    );
    const validity = assessValidity(heavy);
    assert.equal(validity.valid, false);
    assert.deepEqual(
      validity.reasons.filter((r) => /skipped/.test(r)),
      [
        "auth: 29,341 requests skipped by the client's budget keeping against 3,972 sent (88.08% skipped, more than 1%): the workload did not run at the profile's rate",
      ],
    );
  });
});
