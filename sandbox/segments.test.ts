import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FlagError } from './errors.ts';
import { executionTuple, parseFraction } from './segments.ts';

const sequences = ['0,1/3,2/3,1', '0,1/4,1/2,3/4,1', '0,0.3,0.5,0.6,0.7,0.8,0.9,1', '0,1/2,1', '0,2/5,1'];

function segmentsOf(sequence: string): string[] {
  const points = sequence.split(',');
  return points.slice(1).map((to, i) => `${points[i]}:${to}`);
}

test('the segments of a sequence split any count without loss or overlap', () => {
  for (const sequence of sequences) {
    const tuples = segmentsOf(sequence).map((s) => executionTuple(s, sequence));
    for (const total of [0, 1, 2, 3, 7, 10, 13, 100]) {
      assert.equal(
        tuples.reduce((sum, t) => sum + t.scale(total), 0),
        total,
        `${sequence} scaling ${total}`,
      );
      const owners = Array.from({ length: total }, (_, g) => tuples.filter((t) => t.owns(g)).length);
      assert.ok(
        owners.every((n) => n === 1),
        `${sequence}: every index owned once`,
      );
      const fromLocal = tuples.flatMap((t) =>
        Array.from({ length: t.scale(total) }, (_, i) => t.globalIndex(i)),
      );
      assert.deepEqual(
        fromLocal.sort((a, b) => a - b),
        Array.from({ length: total }, (_, i) => i),
      );
    }
  }
});

test('thirds of 2 VUs give 1, 1, 0 as in k6 (biggest segment first, in order)', () => {
  const sequence = '0,1/3,2/3,1';
  assert.deepEqual(
    segmentsOf(sequence).map((s) => executionTuple(s, sequence).scale(2)),
    [1, 1, 0],
  );
});

test('a lone segment implies the sequence [0, from, to, 1]; no segment is the whole test', () => {
  assert.equal(executionTuple('1/4:1/2', undefined).scale(8), 2);
  assert.equal(executionTuple(undefined, undefined).scale(5), 5);
  assert.equal(executionTuple(undefined, undefined).globalIndex(3), 3);
});

test('fractions as k6 writes them; bad values are flag errors', () => {
  assert.deepEqual(parseFraction('2/4'), { num: 1, den: 2 });
  assert.deepEqual(parseFraction('0.25'), { num: 1, den: 4 });
  assert.deepEqual(parseFraction('50%'), { num: 1, den: 2 });
  assert.throws(() => parseFraction('half'), FlagError);
  assert.throws(() => executionTuple('1/2:1/4', undefined), FlagError);
  assert.throws(() => executionTuple('1/5:2/5', '0,1/3,2/3,1'), FlagError);
});

test('re-segmented by a VU count as k6 stripes shared and arrival-rate iterations (1/4:3/4 of 3 VUs)', () => {
  const tuple = executionTuple('1/4:3/4', undefined);
  assert.equal(tuple.scale(9), 5);
  const byVus = tuple.rescaled(3);
  assert.ok(byVus);
  // 2 of the 3 VUs, so 2/3 of the iterations: k6 v2.2.0 ran si 0,2,3,5,6,8 (corpus execution-segments).
  assert.equal(byVus.scale(9), 6);
  assert.deepEqual(
    Array.from({ length: 6 }, (_, i) => byVus.globalIndex(i)),
    [0, 2, 3, 5, 6, 8],
  );
  assert.deepEqual(
    [0, 1, 2, 3, 4, 5, 6].filter((g) => byVus.owns(g)),
    [0, 2, 3, 5, 6],
  );
  // A multiple of the cycle keeps the tuple; a segment with no VU of the value has no tuple.
  assert.equal(tuple.rescaled(4), tuple);
  assert.equal(executionTuple('0:1/4', undefined).rescaled(1), undefined);
});
