import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { DEFAULT_TARGETS, InvalidTargetsError, parseTargets } from './targets.ts';

describe('latency targets', () => {
  it('defaults are the committed targets.json', () => {
    const file = JSON.parse(readFileSync(new URL('./targets.json', import.meta.url), 'utf8'));
    assert.deepEqual(DEFAULT_TARGETS.phases, file.phases);
    assert.deepEqual(DEFAULT_TARGETS.workloads, file.workloads);
  });

  it('merges a partial override over the defaults', () => {
    const targets = parseTargets({ workloads: { auth: { normal: { 'p(99.9)': 4000 } } } }, 'mine.json');
    assert.deepEqual(targets.workloads.auth.normal, {
      ...DEFAULT_TARGETS.workloads.auth.normal,
      'p(99.9)': 4000,
    });
    assert.deepEqual(targets.workloads.auth.heavy, DEFAULT_TARGETS.workloads.auth.heavy);
    assert.deepEqual(targets.phases, DEFAULT_TARGETS.phases);
  });

  const cases: Array<[unknown, RegExp]> = [
    [[], /mine\.json: the file must be a JSON object/],
    [{ phase: {} }, /phase must be one of phases, workloads, got "phase"/],
    [{ phases: { peak: {} } }, /phases\.peak must be one of normal, heavy/],
    [
      { phases: { heavy: { 'p(95)': -1 } } },
      /phases\.heavy\.p\(95\) must be a finite number of milliseconds > 0, got -1/,
    ],
    [{ phases: { heavy: { 'p(95)': '300' } } }, /got "300"/],
    [{ phases: { heavy: { count: 5 } } }, /phases\.heavy\.count must be a key avg, min, med, max or p\(N\)/],
    [{ phases: { heavy: { 'p(101)': 5 } } }, /p\(101\)/],
    [{ workloads: { uploads: {} } }, /workloads\.uploads must be one of auth, writes, reads, limits/],
    [{ workloads: { reads: [] } }, /workloads\.reads must be an object keyed by phase/],
    [{ workloads: { reads: { normal: 5 } } }, /workloads\.reads\.normal must be an object of/],
  ];
  for (const [input, message] of cases) {
    it(`refuses ${JSON.stringify(input)}`, () => {
      assert.throws(
        () => parseTargets(input, 'mine.json'),
        (error: unknown) => error instanceof InvalidTargetsError && message.test(error.message),
      );
    });
  }
});
