import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MetricRegistry, parseMetricName, Sink } from './metrics.ts';

test('trend percentiles interpolate linearly as k6 TrendSink.P', () => {
  const sink = new Sink('trend');
  for (const v of [10, 20, 15]) sink.add(v);
  // The k6 fixture's my_trend: values 10, 15, 20 give p(90)=19, p(95)=19.5, p(99)=19.9, med=15.
  assert.equal(sink.aggregate('p(90)', 1), 19);
  assert.equal(sink.aggregate('p(95)', 1), 19.5);
  assert.ok(Math.abs((sink.aggregate('p(99)', 1) ?? 0) - 19.9) < 1e-9);
  assert.equal(sink.aggregate('med', 1), 15);
  assert.equal(sink.aggregate('avg', 1), 15);
  assert.equal(sink.aggregate('count', 1), 3);
  assert.equal(new Sink('trend').aggregate('p(95)', 1), 0);
});

test('counter, gauge and rate aggregates', () => {
  const counter = new Sink('counter');
  counter.add(2);
  counter.add(4);
  assert.equal(counter.aggregate('count', 2), 6);
  assert.equal(counter.aggregate('rate', 2), 3);
  assert.equal(counter.aggregate('rate', 0), 0);
  const gauge = new Sink('gauge');
  for (const v of [3, 1, 2]) gauge.add(v);
  assert.deepEqual(
    ['value', 'min', 'max'].map((n) => gauge.aggregate(n, 1)),
    [2, 1, 3],
  );
  const rate = new Sink('rate');
  for (const v of [1, 0, 1, 1]) rate.add(v);
  assert.deepEqual(
    ['rate', 'passes', 'fails'].map((n) => rate.aggregate(n, 1)),
    [0.75, 3, 1],
  );
});

test('submetrics match samples by every tag of the selector', () => {
  assert.deepEqual(parseMetricName("http_req_duration{ scenario: 'reads' ,status:200}"), {
    name: 'http_req_duration',
    selector: { scenario: 'reads', status: '200' },
  });
  const registry = new MetricRegistry();
  registry.want('http_req_duration{scenario:reads}');
  registry.want('my_counter{kind:a}');
  const sample = (metric: string, value: number, tags: Record<string, string>) =>
    registry.add({
      metric,
      type: metric === 'my_counter' ? 'counter' : 'trend',
      contains: 'default',
      value,
      tags,
    });
  sample('http_req_duration', 5, { scenario: 'reads' });
  sample('http_req_duration', 7, { scenario: 'writes' });
  sample('my_counter', 1, { kind: 'a' });
  sample('my_counter', 1, { kind: 'b' });
  assert.equal(registry.sinkFor('http_req_duration{scenario:reads}')?.count, 1);
  assert.equal(registry.sinkFor('http_req_duration')?.count, 2);
  assert.equal(registry.sinkFor('my_counter{kind:a}')?.sum, 1);
});
