import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { geometricMean } from '../report/statistics.ts';
import { bootstrapTwoSample, ratioInterval, ratioOfMedians } from './bootstrap.ts';
import { calibrateBand, compositeWeights, verdictOf, weightedGeometricMean } from './compare-sets.ts';
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

describe('verdict rule', () => {
  // Intervals of a ratio oriented so that > 1 is better, against a ±5% band.
  const at = (estimate: number, low: number, high: number) => verdictOf({ estimate, low, high }, 0.05);
  it('worse: the whole interval below ×1 and the estimate beyond the band', () => {
    assert.equal(at(1 / 1.09, 1 / 1.12, 1 / 1.06), 'worse');
    // The old rule (whole interval beyond the band) called this within noise: its high end is inside ±5%.
    assert.equal(at(1 / 1.09, 1 / 1.12, 1 / 1.03), 'worse');
    assert.equal(at(1.08, 1.01, 1.15), 'better');
  });
  it('within noise: the interval reaches ×1, or the change is smaller than the band', () => {
    assert.equal(at(1 / 1.09, 1 / 1.2, 1.01), 'within noise');
    assert.equal(at(1 / 1.04, 1 / 1.05, 1 / 1.03), 'within noise');
    assert.equal(at(1.049, 1.04, 1.06), 'within noise');
    assert.equal(at(1, 1, 1), 'within noise');
  });
});

describe('band calibrated from same-build repeats', () => {
  const ratio = (b: readonly number[], c: readonly number[]) => ratioOfMedians(b, c);
  it('one run a side: the 95th percentile of |ln| over every pair of noise runs', () => {
    // Pairs of [10, 11, 12.1]: |ln 1.1| twice and |ln 1.21| once; type-7 95th percentile of
    // [0.0953, 0.0953, 0.1906] is 0.0953 + 0.9·0.0953 = 0.1811 → ×1.1985.
    const band = calibrateBand([10, 11, 12.1], 1, 1, ratio, 1) ?? 0;
    assert.ok(Math.abs(band - (Math.exp(Math.log(1.1) * 1.9) - 1)) < 1e-9, String(band));
  });
  it('identical repeats give a zero band; fewer than two runs give none', () => {
    assert.equal(calibrateBand([5, 5, 5, 5], 2, 2, ratio, 1), 0);
    assert.equal(calibrateBand([5], 1, 1, ratio, 1), null);
  });
  it('five-run sets get a narrower band than single runs (medians of five move less), reproducibly', () => {
    const random = seededRandom(9);
    const noise = Array.from({ length: 30 }, () => 100 * Math.exp((random() - 0.5) * 0.2));
    const single = calibrateBand(noise, 1, 1, ratio, 1) ?? 0;
    const five = calibrateBand(noise, 5, 5, ratio, 1) ?? 0;
    assert.ok(five > 0 && five < single * 0.75, `${five} vs ${single}`);
    assert.equal(calibrateBand(noise, 5, 5, ratio, 1), five);
    // A pool smaller than both sets together is drawn with replacement rather than refused.
    assert.ok((calibrateBand(noise.slice(0, 6), 5, 5, ratio, 1) ?? 0) > 0);
  });
});

describe('composite weights', () => {
  it('weighted geometric mean of known ratios; equal weights give the plain geometric mean', () => {
    assert.ok(Math.abs((weightedGeometricMean([2, 8], [0.5, 0.5]) ?? 0) - 4) < 1e-12);
    // exp((3 ln 2 + 1 ln 8) / 4) = exp(6 ln 2 / 4) = 2^1.5
    assert.ok(Math.abs((weightedGeometricMean([2, 8], [3, 1]) ?? 0) - 2 ** 1.5) < 1e-12);
    assert.equal(weightedGeometricMean([2, 0], [1, 1]), null);
    assert.equal(weightedGeometricMean([2], [1, 1]), null);
  });

  it('inverse variance of ln values, within each side, so a shift between the sides does not count', () => {
    const e = Math.E;
    // Row 1: ln values [0, 2] and [10, 12] → pooled variance (2 + 2) / 2 = 2; row 2: [0, 1] and [5, 6] → 0.5.
    const w = compositeWeights([
      { baseline: [1, e ** 2], candidate: [e ** 10, e ** 12], noise: [] },
      { baseline: [1, e], candidate: [e ** 5, e ** 6], noise: [] },
    ]);
    assert.ok(Math.abs((w[0] ?? 0) - 0.2) < 1e-12 && Math.abs((w[1] ?? 0) - 0.8) < 1e-12, String(w));
  });

  it('uses the noise runs when given, and equal weights when no spread can be measured', () => {
    const e = Math.E;
    const w = compositeWeights([
      { baseline: [1], candidate: [2], noise: [1, e, e ** 2] },
      { baseline: [1], candidate: [2], noise: [1, e ** 2, e ** 4] },
    ]);
    assert.ok(Math.abs((w[0] ?? 0) - 0.8) < 1e-12, String(w));
    assert.deepEqual(
      compositeWeights([
        { baseline: [1], candidate: [2], noise: [] },
        { baseline: [3], candidate: [4], noise: [] },
      ]),
      [0.5, 0.5],
    );
  });
});
