import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compareTables, type Side } from './comparison.ts';
import { formatChangePercent, formatCount, formatMs, formatPerSecond, formatRate } from './format.ts';
import type { TableFigures } from './record.ts';
import { geometricMean, relativeChangePercent } from './statistics.ts';

// Appwrite 0.7 post (dev.to, 2021-03-08; ../shared/reference/appwrite.md §13.3): 0.6.2 vs 0.7.
const POST_062: TableFigures = {
  successRate: 0.98,
  totalRequests: 131_117,
  requestsPerSecond: 436,
  latencyNormal: 3.77,
  latencyHeavy: 550,
};
const POST_07: TableFigures = {
  successRate: 1,
  totalRequests: 242_336,
  requestsPerSecond: 808,
  latencyNormal: 1.61,
  latencyHeavy: 297,
};
const valid: Side['validity'] = { valid: true, reasons: [] };
const side = (label: string, table: TableFigures, validity = valid): Side => ({ label, table, validity });

describe('comparison table', () => {
  it("reproduces the 0.7 post's changes exactly", () => {
    const comparison = compareTables(side('0.6.2', POST_062), side('0.7', POST_07));
    const change = Object.fromEntries(comparison.rows.map((r) => [r.id, r.text.change]));
    assert.deepEqual(change, {
      successRate: '+2.0 points',
      totalRequests: '+84.8%',
      requestsPerSecond: '+85.3%',
      latencyNormal: '\u221257.3%',
      latencyHeavy: '\u221246.0%',
    });
    assert.deepEqual(
      comparison.rows.map((r) => [r.label, r.text.baseline, r.text.current]),
      [
        ['Success rate', '98%', '100%'],
        ['Total requests', '131,117', '242,336'],
        ['Requests per second', '436/s', '808/s'],
        ['Response time normal', '3.77 ms', '1.61 ms'],
        ['Response time heavy load', '550 ms', '297 ms'],
      ],
    );
    assert.equal(comparison.status, 'rated');
  });

  it('scores the post as the geometric mean of the RPS and both latency ratios: ×2.003 (+100.3%)', () => {
    const { score } = compareTables(side('0.6.2', POST_062), side('0.7', POST_07));
    assert.deepEqual(score.included, ['requestsPerSecond', 'latencyNormal', 'latencyHeavy']);
    const expected = Math.cbrt((808 / 436) * (3.77 / 1.61) * (550 / 297));
    assert.ok(score.value !== null && Math.abs(score.value - expected) < 1e-12);
    assert.match(score.text, /^×2\.003 \(\+100\.3%\) over 3 ratios/);
    assert.equal(score.verdict, 'better');
    const reversed = compareTables(side('0.7', POST_07), side('0.6.2', POST_062)).score;
    assert.ok(reversed.value !== null && Math.abs(reversed.value * expected - 1) < 1e-12);
    assert.equal(reversed.verdict, 'worse');
  });

  it('claims no change for a score within the ±5% band, and a change just outside it', () => {
    const at = (rps: number) =>
      compareTables(side('a', POST_07), side('b', { ...POST_07, requestsPerSecond: rps })).score;
    // Only RPS differs: S = (r · 1 · 1)^(1/3), so r = S³.
    assert.equal(at(808 * 1.049 ** 3).verdict, 'within ±5%: no change claimed');
    assert.equal(at(808 / 1.049 ** 3).verdict, 'within ±5%: no change claimed');
    assert.equal(at(808 * 1.051 ** 3).verdict, 'better');
    assert.equal(at(808 / 1.051 ** 3).verdict, 'worse');
    assert.equal(at(808).verdict, 'within ±5%: no change claimed');
  });

  it('shows this run alone without a baseline, n/a for a missing phase, never NaN', () => {
    const comparison = compareTables(
      null,
      side('1.8.1', { ...POST_07, latencyHeavy: null, totalRequests: null }),
    );
    assert.equal(comparison.baselineLabel, null);
    assert.equal(comparison.status, 'no-baseline');
    const heavy = comparison.rows.find((r) => r.id === 'latencyHeavy');
    assert.deepEqual(heavy?.text, { baseline: 'n/a', current: 'n/a', change: 'n/a' });
    assert.ok(!JSON.stringify(comparison).includes('NaN'));
  });

  it('leaves a row out of the score when one side lacks it, and gives n/a when the baseline is 0', () => {
    const comparison = compareTables(
      side('a', { ...POST_062, latencyNormal: null, requestsPerSecond: 0 }),
      side('b', POST_07),
    );
    assert.deepEqual(comparison.score.included, ['latencyHeavy']);
    assert.equal(comparison.rows.find((r) => r.id === 'requestsPerSecond')?.text.change, 'n/a');
    assert.equal(comparison.rows.find((r) => r.id === 'latencyNormal')?.text.change, 'n/a');
  });

  it('does not rate a comparison when either run is invalid', () => {
    const invalid: Side['validity'] = { valid: false, reasons: ['3 dropped iteration(s)'] };
    for (const [b, c, status] of [
      [invalid, valid, 'baseline-invalid'],
      [valid, invalid, 'run-invalid'],
      [invalid, invalid, 'both-invalid'],
    ] as const) {
      const comparison = compareTables(side('a', POST_062, b), side('b', POST_07, c));
      assert.equal(comparison.status, status);
      assert.match(comparison.score.verdict, /^not rated: .* invalid$/);
      assert.ok(comparison.notes.some((n) => n.startsWith('comparison not rated')));
      assert.ok(!/better|worse/.test(JSON.stringify(comparison)));
    }
  });

  it('disambiguates equal labels', () => {
    const comparison = compareTables(side('1.8.1', POST_062), side('1.8.1', POST_07));
    assert.equal(comparison.baselineLabel, '1.8.1 (baseline)');
    assert.equal(comparison.currentLabel, '1.8.1 (this run)');
  });
});

describe('formatting and statistics', () => {
  it('formats figures as the table shows them', () => {
    assert.equal(formatRate(0.99951), '99.95%');
    assert.equal(formatCount(1_234_567), '1,234,567');
    assert.equal(formatPerSecond(435.72), '435.7/s');
    assert.equal(formatMs(12.345), '12.3 ms');
    assert.equal(formatMs(1204.4), '1,204 ms');
    assert.equal(formatChangePercent(-0.04), '−0.04%');
    assert.equal(formatChangePercent(0.05), '+0.1%');
    assert.equal(formatMs(null), 'n/a');
  });

  it('returns null instead of NaN or Infinity', () => {
    assert.equal(relativeChangePercent(0, 5), null);
    assert.equal(relativeChangePercent(null, 5), null);
    assert.equal(geometricMean([]), null);
    assert.equal(geometricMean([2, -1]), null);
    assert.equal(geometricMean([2, 8]), 4);
  });
});
