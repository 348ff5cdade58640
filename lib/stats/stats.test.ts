import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { geometricMean } from '../report/statistics.ts';
import { bootstrapTwoSample, ratioInterval, ratioOfMedians } from './bootstrap.ts';
import { seededRandom } from './seeded-random.ts';
import { median, quantile } from './summary.ts';

describe('order statistics', () => {
  it('median of odd, even, unsorted and empty input', () => {
    assert.equal(median([3, 1, 2]), 2);
    assert.equal(median([4, 1, 3, 2]), 2.5);
    assert.equal(median([7]), 7);
    assert.equal(median([]), null);
  });

  it('quantile interpolates like R type 7', () => {
    // R: quantile(c(1,2,3,4,10), c(0.25, 0.9)) → 2, 7.6
    assert.equal(quantile([10, 1, 2, 3, 4], 0.25), 2);
    assert.ok(Math.abs((quantile([10, 1, 2, 3, 4], 0.9) ?? 0) - 7.6) < 1e-12);
    assert.equal(quantile([1, 2], 1.5), null);
  });

  it('geometric mean of known ratios (the 0.7 post: 808/436, 3.77/1.61, 550/297)', () => {
    assert.ok(Math.abs((geometricMean([2, 8]) ?? 0) - 4) < 1e-12);
    const s = geometricMean([808 / 436, 3.77 / 1.61, 550 / 297]) ?? 0;
    assert.equal(s.toFixed(3), '2.003');
  });
});

describe('seeded bootstrap', () => {
  it('the generator is reproducible and seed-dependent', () => {
    const a = seededRandom(42);
    const b = seededRandom(42);
    const c = seededRandom(43);
    const first = [a(), a(), a()];
    assert.deepEqual(first, [b(), b(), b()]);
    assert.notDeepEqual(first, [c(), c(), c()]);
    assert.ok(first.every((x) => x >= 0 && x < 1));
  });

  it('same seed, same interval; the interval contains the estimate', () => {
    const base = [10, 11, 9.5, 10.4, 10.1];
    const cand = [12, 12.5, 11.8, 12.2, 13];
    const one = ratioInterval(base, cand, { seed: 7, iterations: 2000 });
    const two = ratioInterval(base, cand, { seed: 7, iterations: 2000 });
    assert.deepEqual(one, two);
    assert.ok(one);
    assert.equal(one.estimate, 12.2 / 10.1);
    assert.ok(one.low <= one.estimate && one.estimate <= one.high);
    // Every resampled median lies between the extreme values, so the ratio interval does too.
    assert.ok(one.low >= 11.8 / 11 && one.high <= 13 / 9.5);
    // Clearly separated sides: the whole interval lies above ×1.
    assert.ok(one.low > 1);
  });

  it('identical constant sides give a zero-width interval at ×1', () => {
    assert.deepEqual(ratioInterval([5, 5, 5], [5, 5, 5], { iterations: 100 }), {
      estimate: 1,
      low: 1,
      high: 1,
    });
  });

  it('overlapping sides give an interval that straddles ×1', () => {
    const interval = ratioInterval([10, 12, 11, 9, 13], [11, 10, 12, 9.5, 12.5], { iterations: 4000 });
    assert.ok(interval && interval.low < 1 && interval.high > 1);
  });

  it('returns null for empty sides or a zero baseline', () => {
    assert.equal(ratioInterval([], [1]), null);
    assert.equal(ratioOfMedians([0, 0], [1, 2]), null);
    assert.equal(
      bootstrapTwoSample([1], [2], () => null),
      null,
    );
  });
});
