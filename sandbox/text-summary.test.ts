import assert from 'node:assert/strict';
import { test } from 'node:test';
import { humanizeValue, jUnit, textSummary } from './text-summary.ts';

const data = {
  root_group: {
    name: '',
    groups: [{ name: 'child', groups: [], checks: [{ name: 'ok', passes: 3, fails: 1 }] }],
    checks: [{ name: 'root', passes: 2, fails: 0 }],
  },
  options: { summaryTrendStats: ['avg', 'p(95)', 'count'], summaryTimeUnit: '', noColor: false },
  metrics: {
    http_req_duration: { type: 'trend', contains: 'time', values: { avg: 1.5, 'p(95)': 1200, count: 4 } },
    'http_reqs{name:POST /rows/{id}}': {
      type: 'counter',
      contains: 'default',
      values: { count: 4, rate: 2 },
      thresholds: { 'count>5': { ok: false } },
    },
    checks: { type: 'rate', contains: 'default', values: { rate: 0.8333, passes: 5, fails: 1 } },
    data_sent: { type: 'counter', contains: 'data', values: { count: 2048, rate: 1024 } },
  },
};

test('textSummary shows checks, groups, metrics and submetrics with braces in their tags', () => {
  const text = textSummary(data, { indent: ' ', enableColors: false });
  assert.match(text, /✓ root/);
  assert.match(text, /█ child/);
  assert.match(text, /✗ ok\n.*↳ {2}75% — ✓ 3 \/ ✗ 1/);
  assert.match(text, /http_req_duration\.+: avg=1\.50ms p\(95\)=1\.20s count=4/);
  assert.match(text, /✗ {3}\{ name:POST \/rows\/\{id\} \}\.+: 4 2\/s/);
  assert.match(text, /checks\.+: 83\.33% ✓ 5 ✗ 1/);
  assert.match(text, /data_sent\.+: 2\.0 kB 1\.0 kB\/s/);
  const esc = String.fromCharCode(27);
  assert.equal(text.includes(esc), false);
  assert.equal(textSummary(data, { enableColors: true }).includes(`${esc}[31m`), true);
});

test('jUnit: one testcase per threshold, failures marked, name and classname options', () => {
  const xml = jUnit(data, { name: 'suite <1>', classname: 'bench' });
  assert.match(xml, /<testsuites tests="1" failures="1">/);
  assert.match(xml, /<testsuite name="suite &lt;1&gt;" tests="1" failures="1">/);
  assert.match(
    xml,
    /<testcase name="http_reqs\{name:POST \/rows\/\{id\}\} - count&gt;5" classname="bench"><failure message="failed" \/><\/testcase>/,
  );
  assert.match(jUnit(data), /<testsuite name="k6 thresholds"/);
});

test('humanizeValue by metric kind', () => {
  assert.equal(humanizeValue(0.5, { type: 'rate', contains: 'default' }), '50.00%');
  assert.equal(humanizeValue(1500, { type: 'trend', contains: 'time' }), '1.50s');
  assert.equal(humanizeValue(1500, { type: 'trend', contains: 'time' }, 'ms'), '1500.00ms');
  assert.equal(humanizeValue(999, { type: 'counter', contains: 'data' }), '999 B');
});
