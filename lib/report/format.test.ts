import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { compareRecords } from './comparison.ts';
import { formatChangePercent, formatFailures, formatPoints, formatRate, formatScore } from './format.ts';
import type { ResultRecord } from './record.ts';

function realRun(name: string): ResultRecord {
  const url = new URL(`../../../shared/fixtures/real-runs/${name}.json`, import.meta.url);
  return JSON.parse(readFileSync(url, 'utf8')) as ResultRecord;
}

describe('no rounding that hides a difference', () => {
  it('a success rate below 100 % never prints as 100 %, nor one above 0 % as 0 %', () => {
    assert.equal(formatRate(1 - 1 / 226_958), '99.9996%');
    assert.equal(formatRate(1 - 1e-9), '99.9999999%');
    assert.equal(formatRate(1), '100%');
    assert.equal(formatRate(0.98), '98%');
    assert.equal(formatRate(1e-7), '0.00001%');
    assert.equal(formatRate(0), '0%');
  });

  it('a change or score other than none never prints as none', () => {
    assert.equal(formatChangePercent(0.04), '+0.04%');
    assert.equal(formatChangePercent(-0.0004), '−0.0004%');
    assert.equal(formatChangePercent(0), '0.0%');
    assert.equal(formatChangePercent(84.84), '+84.8%');
    assert.equal(formatPoints(-100 / 226_958), '−0.0004 points');
    assert.equal(formatPoints(2), '+2.0 points');
    assert.equal(formatScore(1.00002), '×1.00002 (+0.002%)');
    assert.equal(formatScore(0.99999), '×0.99999 (−0.001%)');
    assert.equal(formatScore(1), '×1.000 (0.0%)');
    assert.equal(formatScore(2.003), '×2.003 (+100.3%)');
  });

  it('counts the failures: "1 of 226,958 failed"', () => {
    assert.equal(formatFailures(1, 226_958), '1 of 226,958 failed');
    assert.equal(formatFailures(0, 226_958), null);
    assert.equal(formatFailures(null, 10), null);
  });

  it('the real heavy run with 1 failed request of 226,958 shows it in the table', () => {
    const heavy = realRun('k6-1.3.0_emulator-1.9.6_heavy-2');
    const alone = compareRecords(null, heavy).rows.find((row) => row.id === 'successRate');
    assert.equal(alone?.text.current, '99.9996% (1 of 226,958 failed)');
    const against = compareRecords(realRun('k6-1.3.0_emulator-1.9.6_heavy-1'), heavy).rows.find(
      (row) => row.id === 'successRate',
    );
    assert.equal(against?.text.baseline, '100%');
    assert.equal(against?.text.change, '−0.0004 points');
  });
});
