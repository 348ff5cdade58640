import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { humanizeValue, jUnit, textSummary } from './text-summary.ts';

// What the real k6-jslib-summary 0.1.0 returned for each `data` file (README of that folder).
const fixtures = fileURLToPath(new URL('../../shared/fixtures/k6-summary/', import.meta.url));
const outputs = `${fixtures}jslib-0.1.0-outputs/`;
type Data = Parameters<typeof textSummary>[0];
const calls: Record<string, (data: Data) => string> = {
  'text.indent-space.no-colors': (data) => textSummary(data, { indent: ' ', enableColors: false }),
  'text.default-options': (data) => textSummary(data),
  'text.indent-arrow.colors': (data) => textSummary(data, { indent: '→ ', enableColors: true }),
  'junit.default': (data) => jUnit(data),
  'junit.named': (data) => jUnit(data, { name: 'appwrite', classname: 'bench' }),
};

test('textSummary and jUnit return the real jslib 0.1.0 strings byte for byte for every recorded input', () => {
  const files = readdirSync(outputs).filter((f) => f.endsWith('.txt'));
  assert.equal(files.length, 15, `expected the 15 recorded outputs in ${outputs}`);
  for (const file of files) {
    const match = /^(.+?)\.((?:text|junit)\..+)\.txt$/.exec(file);
    const call = match?.[2] === undefined ? undefined : calls[match[2]];
    assert.ok(match && call, `unknown recorded output ${file}: expected <data file>.<variant>.txt`);
    // The jslib walks objects in key order, so the parsed file is fed as it is.
    const data = JSON.parse(readFileSync(`${fixtures}${match[1]}.json`, 'utf8')) as Data;
    assert.equal(call(data), readFileSync(`${outputs}${file}`, 'utf8'), file);
  }
});

test('humanizeValue: durations truncated with trailing zeros dropped, bytes rounded to 3 digits, rates truncated', () => {
  const time = { type: 'trend', contains: 'time' };
  assert.equal(humanizeValue(0.6485, time), '648.5µs');
  assert.equal(humanizeValue(0.753, time), '753µs');
  assert.equal(humanizeValue(1.999, time), '1.99ms');
  assert.equal(humanizeValue(0, time), '0s');
  assert.equal(humanizeValue(0.0005, time), '500ns');
  assert.equal(humanizeValue(61_500, time), '1m1s');
  assert.equal(humanizeValue(3_723_000, time), '1h2m3s');
  assert.equal(humanizeValue(1500, time, 'ms'), '1500.00ms');
  assert.equal(humanizeValue(1500, time, 's'), '1.50s');
  const data = { type: 'counter', contains: 'data' };
  assert.equal(humanizeValue(50_123, data), '50 kB');
  assert.equal(humanizeValue(5_012, data), '5.0 kB');
  assert.equal(humanizeValue(9, data), '9 B');
  assert.equal(humanizeValue(0.99999, { type: 'rate', contains: 'default' }), '99.99%');
  assert.equal(humanizeValue(1 / 3, { type: 'counter', contains: 'default' }), '0.333333');
});

test('textSummary keeps each submetric under its metric, sorted by tags', () => {
  const metric = (thresholds?: Record<string, { ok: boolean }>) => ({
    type: 'counter',
    contains: 'default',
    values: { count: 1, rate: 1 },
    ...(thresholds ? { thresholds } : {}),
  });
  const text = textSummary(
    {
      root_group: { name: '', groups: [], checks: [] },
      options: { summaryTrendStats: [] },
      metrics: {
        'a_b{x:2}': metric(),
        a_b_c: metric(),
        'a_b{x:1}': metric({ 'count>5': { ok: false } }),
        a_b: metric({ 'count>0': { ok: true } }),
      },
    },
    { enableColors: false },
  );
  const rows = text.split('\n').map((line) => line.trim().split('.')[0]);
  assert.deepEqual(rows, ['✓ a_b', '✗ { x:1 }', '{ x:2 }', 'a_b_c']);
});
