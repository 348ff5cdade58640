import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { clocked, unixSeconds } from './phase-clock.ts';

describe('clocked', () => {
  it('marks the time before and after the iteration and passes the arguments through', () => {
    const marks: number[] = [];
    const seen: unknown[][] = [];
    let clock = 100;
    const run = clocked(
      (data: unknown, tags: Record<string, string>) => {
        seen.push([data, tags]);
        clock = 102.5;
      },
      (seconds) => marks.push(seconds),
      () => clock,
    );
    run('setup', { workload: 'reads' });
    assert.deepEqual(marks, [100, 102.5]);
    assert.deepEqual(seen, [['setup', { workload: 'reads' }]]);
  });

  it('marks the end of an iteration that throws and rethrows', () => {
    const marks: number[] = [];
    let clock = 7;
    const run = clocked(
      () => {
        clock = 9;
        throw new RangeError('boom');
      },
      (seconds) => marks.push(seconds),
      () => clock,
    );
    assert.throws(() => run(), RangeError);
    assert.deepEqual(marks, [7, 9]);
  });

  it('uses unix seconds by default', () => {
    const before = Date.now() / 1000;
    const value = unixSeconds();
    assert.ok(value >= before && value <= Date.now() / 1000);
  });
});
