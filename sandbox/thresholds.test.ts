import assert from 'node:assert/strict';
import { test } from 'node:test';
import { InvalidConfigError } from './errors.ts';
import { Sink } from './metrics.ts';
import { evaluate, parseThresholdList } from './thresholds.ts';

test('k6 threshold syntax for every metric type', () => {
  const trend = new Sink('trend');
  for (const v of [100, 200, 300]) trend.add(v);
  const [p95, avg, med] = parseThresholdList('t', ['p(95) < 300', 'avg==200', 'med>=200'], 'trend');
  assert.ok(p95 && avg && med);
  assert.equal(evaluate(p95, trend, 1), true);
  assert.equal(evaluate(avg, trend, 1), true);
  assert.equal(evaluate(med, trend, 1), true);
  const rate = new Sink('rate');
  rate.add(1);
  rate.add(0);
  const [r] = parseThresholdList(
    'r',
    [{ threshold: 'rate==1', abortOnFail: true, delayAbortEval: '10s' }],
    'rate',
  );
  assert.equal(r?.abortOnFail, true);
  assert.equal(r?.delayAbortEvalMs, 10_000);
  assert.equal(r && evaluate(r, rate, 1), false);
  assert.equal(r?.lastFailed, true);
  const counter = new Sink('counter');
  counter.add(10);
  const [count, perSecond] = parseThresholdList('c', ['count>5', 'rate<2'], 'counter');
  assert.equal(count && evaluate(count, counter, 10), true);
  assert.equal(perSecond && evaluate(perSecond, counter, 10), true);
  const gauge = new Sink('gauge');
  gauge.add(3);
  const [value] = parseThresholdList('g', ['value!=3'], 'gauge');
  assert.equal(value && evaluate(value, gauge, 1), false);
});

test('an empty metric passes vacuously (k6 runNoTaint)', () => {
  const [t] = parseThresholdList('checks', ['rate==1'], 'rate');
  assert.equal(t && evaluate(t, new Sink('rate'), 1), true);
});

test('wrong aggregations and syntax are config errors naming the threshold', () => {
  assert.throws(() => parseThresholdList('http_reqs', ['p(95)<1'], 'counter'), /not valid for a counter/);
  assert.throws(() => parseThresholdList('x', ['p95<1'], 'trend'), InvalidConfigError);
  assert.throws(() => parseThresholdList('x', ['count>1'], 'trend'), /not valid for a trend/);
  assert.throws(() => parseThresholdList('x', 'rate<1', 'rate'), /expected an array/);
});
