// End-to-end: small k6 scripts with known outcomes run through the sandbox CLI against a loopback server.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { runSandbox, SANDBOX_NODE_ARGS, type SandboxRunOptions } from './index.ts';

const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
const k6Fixture = (name: string) =>
  JSON.parse(
    readFileSync(fileURLToPath(new URL(`../../shared/fixtures/k6-summary/${name}`, import.meta.url)), 'utf8'),
  ) as unknown;

let server: http.Server;
let target = '';

before(async () => {
  server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname === '/set-cookie')
      res.setHeader('Set-Cookie', `sid=${url.searchParams.get('value')}; Path=/`);
    if (url.pathname.startsWith('/status/')) res.statusCode = Number(url.pathname.slice('/status/'.length));
    res.setHeader('Content-Type', 'application/json');
    if (url.pathname === '/slow') {
      setTimeout(() => res.end('{}'), 1000).unref();
      return;
    }
    res.end(
      JSON.stringify(url.pathname === '/echo-cookie' ? { cookie: req.headers.cookie ?? null } : { ok: true }),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  target = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

after(() => {
  server.closeAllConnections();
  server.close();
});

async function run(script: string, options: Partial<SandboxRunOptions> = {}) {
  const result = await runSandbox({
    script: fixture(script),
    quiet: true,
    timeoutMs: 20_000,
    ...options,
    env: { TARGET: target, ...options.env },
  });
  return result;
}

interface Data {
  root_group: {
    groups: Data['root_group'][];
    checks: { name: string; path: string; id: string; passes: number; fails: number }[];
    name: string;
    path: string;
    id: string;
  };
  metrics: Record<
    string,
    {
      type: string;
      contains: string;
      values: Record<string, number>;
      thresholds?: Record<string, { ok: boolean }>;
    }
  >;
  options: { summaryTrendStats: string[] };
  setup_data?: unknown;
}
const summaryOf = (stdout: string) => JSON.parse(stdout) as Data;
const md5 = (text: string) => createHash('md5').update(text).digest('hex');

describe('sandbox runs k6 scripts as k6 does', { concurrency: 3 }, () => {
  test('thresholds that pass exit 0 and report ok: true', async () => {
    const result = await run('thresholds.js', { env: { EXPECTED: '3' } });
    assert.equal(result.exitCode, 0, result.stderr);
    const data = summaryOf(result.stdout);
    assert.deepEqual(data.metrics.http_reqs?.thresholds, { 'count==3': { ok: true } });
    assert.deepEqual(data.metrics['http_req_duration{name:ok}']?.thresholds, { 'max>=0': { ok: true } });
    // A submetric named with an empty array exists without a thresholds key (grafana/k6#2194).
    assert.ok(data.metrics['http_req_duration{scenario:unused}']);
    assert.equal(data.metrics['http_req_duration{scenario:unused}']?.thresholds, undefined);
    assert.equal(data.metrics['http_req_duration{scenario:unused}']?.values.max, 0);
  });

  test('thresholds that fail exit 99 and report ok: false', async () => {
    const result = await run('thresholds.js', { env: { EXPECTED: '99' } });
    assert.equal(result.exitCode, 99, result.stderr);
    assert.deepEqual(summaryOf(result.stdout).metrics.http_reqs?.thresholds, { 'count==99': { ok: false } });
  });

  test('--no-thresholds evaluates no threshold but keeps their submetrics that got samples', async () => {
    const result = await run('thresholds.js', { env: { EXPECTED: '99' }, noThresholds: true });
    assert.equal(result.exitCode, 0, result.stderr);
    const data = summaryOf(result.stdout);
    assert.equal(data.metrics.http_reqs?.thresholds, undefined);
    // As k6 (corpus submetrics-thresholds / no-thresholds): the submetric stays, without `thresholds`.
    assert.equal(data.metrics['http_req_duration{name:ok}']?.thresholds, undefined);
    assert.ok((data.metrics['http_req_duration{name:ok}']?.values.max ?? 0) > 0);
  });

  test('abortOnFail stops a 20 s test early with exit 99; teardown still runs', async () => {
    const result = await run('abort-on-fail.js', { timeoutMs: 15_000 });
    assert.equal(result.exitCode, 99, result.stderr);
    assert.match(result.stderr, /at least one has abortOnFail enabled, stopping test prematurely/);
    assert.match(result.stderr, /teardown ran/);
    const data = summaryOf(result.stdout);
    assert.equal(data.metrics.http_req_failed?.thresholds?.['rate==0']?.ok, false);
    assert.ok((data.metrics.http_req_failed?.values.passes ?? 0) > 0);
  });

  test('checks and groups are counted in a nested root_group with md5 ids', async () => {
    const result = await run('checks-groups.js');
    assert.equal(result.exitCode, 0, result.stderr);
    const root = summaryOf(result.stdout).root_group;
    assert.equal(root.id, 'd41d8cd98f00b204e9800998ecf8427e');
    assert.deepEqual(
      root.checks.map((c) => [c.name, c.passes, c.fails]),
      [['root check', 4, 0]],
    );
    const outer = root.groups[0];
    assert.equal(outer?.path, '::outer');
    assert.equal(outer?.id, md5('::outer'));
    assert.deepEqual(
      outer?.checks.map((c) => [c.path, c.passes, c.fails]),
      [['::outer::first iteration', 2, 2]],
    );
    const inner = outer?.groups[0];
    assert.equal(inner?.path, '::outer::inner');
    assert.deepEqual(
      inner?.checks.map((c) => [c.name, c.passes, c.fails, c.id]),
      [
        ['always fails', 0, 4, md5('::outer::inner::always fails')],
        ['always passes', 4, 0, md5('::outer::inner::always passes')],
      ],
    );
    const checks = summaryOf(result.stdout).metrics.checks?.values;
    assert.deepEqual(checks, { rate: 10 / 16, passes: 10, fails: 6 });
  });

  test('setup data is a copy per VU seen through k6 wrappers; teardown gets a fresh copy', async () => {
    const result = await run('setup-data.js');
    assert.equal(result.exitCode, 0, `${result.stderr}\n${result.stdout.slice(0, 300)}`);
    assert.match(result.stderr, /teardown got a clean copy/);
    const data = summaryOf(result.stdout);
    assert.deepEqual(data.setup_data, { seen: [0], count: 0, when: 'setup' });
    assert.deepEqual(data.metrics.checks?.values, { rate: 1, passes: 24, fails: 0 });
  });

  test('cookies are kept per VU, cleared by jar.clear and reset each iteration', async () => {
    const result = await run('cookies.js');
    assert.equal(result.exitCode, 0, result.stderr);
    const checks = summaryOf(result.stdout).root_group.checks;
    assert.equal(checks.length, 4);
    for (const check of checks) assert.deepEqual([check.name, check.fails, check.passes], [check.name, 0, 4]);
  });

  test('test.abort() exits 108 after teardown and handleSummary', async () => {
    const result = await run('abort.js');
    assert.equal(result.exitCode, 108, result.stderr);
    assert.match(result.stderr, /teardown after abort/);
    // The aborting iteration is counted (corpus abort-iteration).
    assert.equal(summaryOf(result.stdout).metrics.iterations?.values.count, 3);
  });

  test('importing a Node module fails at init with exit 107', async () => {
    const result = await run('node-import.js');
    assert.equal(result.exitCode, 107);
    assert.match(result.stderr, /The moduleSpecifier \\"fs\\" couldn't be found on local disk/);
  });

  test('using process at init fails with exit 107', async () => {
    const result = await run('process-init.js');
    assert.equal(result.exitCode, 107);
    assert.match(result.stderr, /ReferenceError: process is not defined/);
  });

  test('an exception inside an iteration is logged and the run goes on; Node globals are absent', async () => {
    const result = await run('process-iteration.js');
    assert.equal(result.exitCode, 0, result.stderr);
    assert.match(result.stderr, /globals: function undefined undefined undefined function/);
    assert.equal(result.stderr.match(/ReferenceError: process is not defined/g)?.length, 2);
  });

  test('an unawaited rejection ends the iteration and stops its timers; the VU lives on', async () => {
    const result = await run('unhandled.js');
    assert.equal(result.exitCode, 0, result.stderr);
    assert.equal(result.stderr.match(/Uncaught \(in promise\) Error: nobody awaits me/g)?.length, 2);
    assert.equal(result.stderr.match(/timer threw/g), null);
    // Timers are numbered per VU across iterations, as k6 numbers them.
    assert.match(
      result.stderr,
      /level=warning msg="setTimeout 1 was stopped because the VU iteration was interrupted"\n/,
    );
    assert.match(
      result.stderr,
      /level=warning msg="setTimeout 2 was stopped because the VU iteration was interrupted"\n/,
    );
    assert.equal(summaryOf(result.stdout).metrics.iterations?.values.count, 2);
  });

  test('k6/execution counters: per VU, per scenario and per instance', async () => {
    const result = await run('execution-ids.js');
    assert.equal(result.exitCode, 0, result.stderr);
    const rows = [
      ...result.stderr.matchAll(
        /ids vu=(\d+) test=(\d+) iter=(\d+) inInstance=(\d+) inScenario=(\d+) scenarioIter=(\d+) inTest=(\d+)/g,
      ),
    ].map((m) => m.slice(1).map(Number));
    assert.equal(rows.length, 6);
    const byVu = new Map<number, number[][]>();
    for (const row of rows) byVu.set(row[0] as number, [...(byVu.get(row[0] as number) ?? []), row]);
    assert.deepEqual([...byVu.keys()].sort(), [1, 2]);
    for (const [vu, list] of byVu) {
      // Without segments idInTest = idInInstance; __ITER = iterationInInstance = iterationInScenario here.
      assert.deepEqual(
        list.map((r) => r[1]),
        list.map(() => vu),
      );
      assert.deepEqual(
        list.map((r) => r[2]),
        list.map((_, i) => i),
      );
      assert.deepEqual(
        list.map((r) => r[3]),
        list.map((_, i) => i),
      );
      assert.deepEqual(
        list.map((r) => r[4]),
        list.map((_, i) => i),
      );
    }
    assert.deepEqual(
      rows.map((r) => r[5]).sort((a, b) => (a ?? 0) - (b ?? 0)),
      [0, 1, 2, 3, 4, 5],
    );
    assert.deepEqual(
      rows.map((r) => r[6]).sort((a, b) => (a ?? 0) - (b ?? 0)),
      [0, 1, 2, 3, 4, 5],
    );
  });

  test('execution segments cover every iteration exactly once', async () => {
    const sequence = '0,1/3,2/3,1';
    const segments = ['0:1/3', '1/3:2/3', '2/3:1'];
    const runs = await Promise.all(
      segments.map((executionSegment) =>
        run('segments.js', { executionSegment, executionSegmentSequence: sequence }),
      ),
    );
    const seen: Record<string, number[]> = { shared: [], arrival: [] };
    const vuIds = new Set<string>();
    for (const [i, result] of runs.entries()) {
      assert.equal(result.exitCode, 0, result.stderr);
      for (const match of result.stderr.matchAll(/ran (\w+) (\d+) vu (\d+)/g)) {
        seen[match[1] as string]?.push(Number(match[2]));
        vuIds.add(`${i}:${match[3]}`);
      }
    }
    const sorted = (list: number[] | undefined) => [...(list ?? [])].sort((a, b) => a - b);
    assert.deepEqual(sorted(seen.shared), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    // Arrival-rate iterations run at most once each; with those dropped for want of a free VU, all 10.
    const arrival = sorted(seen.arrival);
    assert.equal(new Set(arrival).size, arrival.length);
    assert.ok(arrival.every((g) => g >= 0 && g < 21));
    const dropped = runs.reduce(
      (sum, r) =>
        sum + (summaryOf(r.stdout).metrics['dropped_iterations{scenario:arrival}']?.values.count ?? 0),
      0,
    );
    // 20/s for 1 s: rate × duration + 1 = 21, as k6's constant-arrival-rate (corpus exec-constant-arrival-rate).
    assert.equal(arrival.length + dropped, 21);
    // exec.vu.idInTest is unique across instances.
    const ids = [...vuIds].map((v) => v.split(':')[1]);
    assert.equal(new Set(ids).size, new Set([...vuIds]).size);
  });

  test('handleSummary output goes to stdout, stderr and files; missing folders are logged', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'sandbox-summary-'));
    try {
      const result = await run('summary-output.js', { cwd });
      assert.equal(result.exitCode, 0, result.stderr);
      assert.equal(summaryOf(result.stdout).setup_data, 5);
      assert.match(result.stderr, /✓ check1/);
      // One combined error for both missing-folder files, worded as k6's (cmd/run.go handleSummaryResult).
      const errors = result.stderr.split('\n').filter((line) => line.includes('level=error'));
      assert.equal(errors.length, 1, result.stderr);
      assert.match(
        errors[0] ?? '',
        /msg="failed to handle the end-of-test summary" error="Could not save some summary information:\\n\\t- could not open 'missing-folder\/out.txt': open missing-folder\/out.txt: no such file or directory\\n\\t- could not open 'missing-folder\/second.txt': open missing-folder\/second.txt: no such file or directory"/,
      );
      const junit = readFileSync(join(cwd, 'junit.xml'), 'utf8');
      assert.match(junit, /<testsuite name="sandbox" tests="3" failures="0">/);
      assert.match(junit, /classname="fixtures"/);
    } finally {
      rmSync(cwd, { recursive: true, force: true });
    }
  });

  test('a non-string handleSummary value drops the whole result, as k6', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'sandbox-summary-'));
    try {
      const result = await run('summary-output.js', { cwd, env: { NONSTRING: '1' } });
      assert.equal(result.exitCode, 0, result.stderr);
      assert.match(result.stderr, /failed to handle the end-of-test summary/);
      assert.match(result.stderr, /'not-text.txt' has invalid type number/);
      assert.equal(result.stdout, '');
      assert.equal(existsSync(join(cwd, 'junit.xml')), false);
    } finally {
      rmSync(cwd, { recursive: true, force: true });
    }
  });

  test('a throwing handleSummary falls back to the plain summary and keeps the exit code', async () => {
    const result = await run('summary-output.js', { env: { THROW: '1' } });
    assert.equal(result.exitCode, 0, result.stderr);
    assert.match(result.stderr, /summary exploded/);
    assert.match(result.stdout, /checks\.+: 100\.00%/);
  });

  test('--summary-trend-stats sets exactly the trend values', async () => {
    const result = await run('thresholds.js', {
      env: { EXPECTED: '3' },
      summaryTrendStats: ['avg', 'p(99.9)', 'count'],
    });
    assert.equal(result.exitCode, 0, result.stderr);
    const data = summaryOf(result.stdout);
    assert.deepEqual(Object.keys(data.metrics.http_req_duration?.values ?? {}), ['avg', 'p(99.9)', 'count']);
    assert.deepEqual(data.options.summaryTrendStats, ['avg', 'p(99.9)', 'count']);
  });

  test('bad flags exit 255 with a message naming the flag', async () => {
    const result = await run('thresholds.js', { vus: 1, duration: 'soon' });
    assert.equal(result.exitCode, 255);
    assert.match(result.stderr, /invalid --duration/);
  });

  test('scenarios honour exec, tags, env, startTime, expected statuses; custom metrics; dropped iterations', async () => {
    const result = await run('scenarios.js');
    assert.equal(result.exitCode, 0, result.stderr);
    const data = summaryOf(result.stdout);
    const failed = Object.entries(data.metrics).filter(([, m]) =>
      Object.values(m.thresholds ?? {}).some((t) => !t.ok),
    );
    assert.deepEqual(failed, []);
    assert.equal(data.metrics.timing?.contains, 'time');
    assert.equal(data.metrics.hits?.type, 'counter');
    assert.equal(data.metrics.level?.type, 'gauge');
    const ran = data.metrics['iterations{scenario:flood}']?.values.count ?? 0;
    const dropped = data.metrics['dropped_iterations{scenario:flood}']?.values.count ?? 0;
    // 20/s for 1 s is 21 iterations (rate × duration + 1, as k6); one VU busy 200 ms each cannot take them all.
    assert.equal(ran + dropped, 21);
    assert.ok(dropped > 0);
    // 404 declared expected: not a failure, and tagged expected_response:true.
    assert.equal(data.metrics['http_req_failed{workload:writes}']?.values.rate, 0);
    assert.equal(data.metrics['http_req_duration{expected_response:true}']?.values.count, 3);
  });

  test('dropped_iterations: unstarted iterations cut by maxDuration; arrival rate at maxVUs warns once', async () => {
    const result = await run('dropped.js');
    assert.equal(result.exitCode, 0, result.stderr);
    const { metrics } = summaryOf(result.stdout);
    const count = (name: string) => metrics[name]?.values.count ?? Number.NaN;
    // Every planned iteration either ran (the one in flight at maxDuration finishes within gracefulStop)
    // or was dropped, and 0.4 s iterations cannot all fit in 1 s.
    for (const [scenario, planned] of [
      ['pvu', 10],
      ['shared', 6],
      ['full', 11],
    ] as const) {
      const ran = count(`iterations{scenario:${scenario}}`);
      const dropped = count(`dropped_iterations{scenario:${scenario}}`);
      assert.equal(ran + dropped, planned, `${scenario}: ${ran} ran + ${dropped} dropped`);
      assert.ok(dropped > 0, `${scenario} dropped none`);
    }
    const warnings = result.stderr.split('\n').filter((line) => line.includes('level=warning'));
    assert.deepEqual(
      warnings.map((line) => line.replace(/^time="[^"]*" /, '')),
      [
        'level=warning msg="Insufficient VUs, reached 1 active VUs and cannot initialize more" executor=constant-arrival-rate scenario=full',
      ],
    );
  });

  test('gracefulStop interrupts iterations that sleep or await past it; they are not counted', async () => {
    const result = await run('graceful-stop.js', { timeoutMs: 15_000 });
    assert.equal(result.exitCode, 0, result.stderr);
    const data = summaryOf(result.stdout);
    assert.equal(data.metrics['iterations{scenario:asleep}']?.values.count, 0);
    assert.equal(data.metrics['iterations{scenario:awaiting}']?.values.count, 0);
  });

  test('HTTP metrics carry k6 tags: masked url, name = url when named, error codes, status 0', async () => {
    const result = await run('http-tags.js');
    assert.equal(result.exitCode, 0, result.stderr);
    // res.error in k6's words; the warning carries Go's url.Error text (grafana/k6 lib/netext/httpext).
    assert.match(result.stderr, /refused: 0 1212 dial: connection refused/);
    assert.match(result.stderr, /slow: 0 1050 request timeout/);
    const warnings = result.stderr.split('\n').filter((line) => line.includes('level=warning'));
    assert.deepEqual(
      warnings.map((line) => line.replace(/^time="[^"]*" /, '').replace(target, 'T')),
      [
        'level=warning msg="Request Failed" error="Get \\"http://127.0.0.1:1/\\": dial tcp 127.0.0.1:1: connect: connection refused"',
        'level=warning msg="Request Failed" error="Get \\"T/slow\\": request timeout"',
      ],
    );
    const data = summaryOf(result.stdout);
    const counts = Object.fromEntries(
      Object.entries(data.metrics)
        .filter(([key]) => key.startsWith('http_reqs{') || key.startsWith('http_req_failed{'))
        .map(([key, metric]) => [
          key.replace(target, 'T').replace(target.replace('http://', ''), 'T'),
          metric.values.count ?? metric.values.passes,
        ]),
    );
    assert.deepEqual(counts, {
      'http_reqs{url:http://****:****@T/ok?x=1}': 1,
      'http_reqs{url:named}': 1,
      'http_reqs{name:${}/items/${}}': 1,
      'http_reqs{error_code:1404}': 1,
      'http_reqs{status:404}': 1,
      'http_reqs{error_code:1212}': 1,
      'http_reqs{status:0}': 2,
      'http_reqs{error_code:1050}': 1,
      'http_req_failed{expected_response:false}': 3,
    });
  });

  test('setupTimeout and teardownTimeout exit 100 and 101', async () => {
    const [setup, teardown] = await Promise.all([
      run('timeouts.js', { env: { SLOW: 'setup' }, timeoutMs: 15_000 }),
      run('timeouts.js', { env: { SLOW: 'teardown' }, timeoutMs: 15_000 }),
    ]);
    assert.equal(setup.exitCode, 100, setup.stderr);
    assert.match(setup.stderr, /setup\(\) execution timed out after 0.3 seconds/);
    assert.equal(teardown.exitCode, 101, teardown.stderr);
    assert.match(teardown.stderr, /teardown\(\) execution timed out after 0.3 seconds/);
  });

  test('init APIs and globals: open(), SharedArray, timers, crypto, system env in __ENV (-e wins)', async () => {
    process.env.SANDBOX_TEST_MARKER = 'from-process';
    process.env.SANDBOX_TEST_OVERRIDDEN = 'from-process';
    try {
      const result = await run('init-globals.js', { env: { SANDBOX_TEST_OVERRIDDEN: 'by-flag' } });
      assert.equal(result.exitCode, 0, result.stderr);
      const failing = summaryOf(result.stdout).root_group.checks.filter((c) => c.fails > 0 || c.passes !== 1);
      assert.deepEqual(failing, []);
      const withoutSystemEnv = await run('init-globals.js', { includeSystemEnv: false });
      assert.equal(withoutSystemEnv.exitCode, 99);
    } finally {
      delete process.env.SANDBOX_TEST_MARKER;
      delete process.env.SANDBOX_TEST_OVERRIDDEN;
    }
  });

  test('SharedArray copies, exec.vu.metrics.tags and a throwing check behave as in k6', async () => {
    const result = await run('k6-semantics.js');
    assert.equal(result.exitCode, 0, result.stderr);
    const checks = summaryOf(result.stdout).root_group.checks.map((c) => [c.name, c.passes, c.fails]);
    assert.deepEqual(checks, [
      ['SharedArray elements are fresh objects', 1, 0],
      ['SharedArray elements are deeply frozen', 1, 0],
      ['SharedArray iterates', 1, 0],
      ['vu.metrics.tags has scenario, group and scenario tags', 1, 0],
      ['a tag set on the VU reads back as a string', 1, 0],
      ['passes before the throw', 1, 0],
      ['throws', 0, 1],
    ]);
    assert.match(result.stderr, /MARK caught check exploded/);
  });

  test('thresholds on unknown metrics or with a wrong aggregation are invalid config (104)', async () => {
    const [unknown, wrong] = await Promise.all([
      run('bad-threshold.js', { env: { CASE: 'unknown' } }),
      run('bad-threshold.js', { env: { CASE: 'wrong' } }),
    ]);
    assert.equal(unknown.exitCode, 104, unknown.stderr);
    assert.match(unknown.stderr, /no metric name \\"not_a_metric\\" found/);
    assert.equal(wrong.exitCode, 104, wrong.stderr);
    assert.match(wrong.stderr, /aggregation \\"rate\\" is not valid for a trend metric/);
  });

  test('--summary-export writes the legacy JSON: flattened values, rate as value, inverted thresholds', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'sandbox-export-'));
    try {
      const args = ['run', fixture('thresholds.js'), '-q', '-e', `TARGET=${target}`, '-e', 'EXPECTED=99'];
      const code = await new Promise<number | null>((resolve) => {
        const child = spawn(
          process.execPath,
          [...SANDBOX_NODE_ARGS, ...args, '--summary-export', 'export.json'],
          {
            cwd,
            stdio: 'ignore',
          },
        );
        child.on('close', resolve);
      });
      assert.equal(code, 99);
      const exported = JSON.parse(readFileSync(join(cwd, 'export.json'), 'utf8')) as Record<string, unknown>;
      assert.deepEqual(Object.keys(exported).sort(), ['metrics', 'root_group']);
      const metrics = exported.metrics as Record<string, Record<string, unknown>>;
      assert.deepEqual(metrics.checks, { value: 1, passes: 3, fails: 0, thresholds: { 'rate==1': false } });
      assert.deepEqual(metrics.http_reqs?.thresholds, { 'count==99': true });
      const root = exported.root_group as { checks: Record<string, { passes: number }> };
      assert.equal(root.checks['status is 200']?.passes, 3);
    } finally {
      rmSync(cwd, { recursive: true, force: true });
    }
  });

  test('ramping-vus interrupts a VU above the target after gracefulRampDown', async () => {
    const result = await run('ramp-down.js', { timeoutMs: 20_000 });
    assert.equal(result.exitCode, 0, result.stderr);
    assert.match(result.stderr, /iteration started/);
    assert.equal(summaryOf(result.stdout).metrics['iterations{scenario:ramp}']?.values.count, 0);
  });

  test('arrival-rate executors start with preAllocatedVUs and grow up to maxVUs', async () => {
    const result = await run('arrival-growth.js');
    assert.equal(result.exitCode, 0, result.stderr);
    const data = summaryOf(result.stdout);
    assert.equal(data.metrics.vus_max?.values.max, 3);
    const ran = data.metrics['iterations{scenario:grow}']?.values.count ?? 0;
    const dropped = data.metrics['dropped_iterations{scenario:grow}']?.values.count ?? 0;
    assert.equal(ran + dropped, 41);
    assert.ok(dropped > 0);
  });

  test('handleSummary data has the shape of real k6 data, key by key and type by type', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'sandbox-shape-'));
    const result = await run('summary-output.js', { cwd }).finally(() =>
      rmSync(cwd, { recursive: true, force: true }),
    );
    assert.equal(result.exitCode, 0, result.stderr);
    const ours = summaryOf(result.stdout) as unknown as Record<string, unknown>;
    const withSetup = k6Fixture('k6-repo_handleSummary-data_with-setup_data.json') as Record<string, unknown>;
    assertSameShape(ours, withSetup, 'data');
    const noSetup = await run('checks-groups.js', {
      summaryTrendStats: ['avg', 'min', 'med', 'max', 'p(90)', 'p(95)', 'p(99)', 'count'],
    });
    assertSameShape(
      JSON.parse(noSetup.stdout),
      k6Fixture('k6-repo_handleSummary-data_default-format.json'),
      'data',
    );
  });
});

/** Compares keys and value types; metrics are compared by type (same `values` keys for the same type). */
function assertSameShape(ours: unknown, theirs: unknown, path: string): void {
  const kind = (v: unknown) => (Array.isArray(v) ? 'array' : v === null ? 'null' : typeof v);
  assert.equal(kind(ours), kind(theirs), `${path}: type`);
  if (kind(theirs) === 'array') {
    const sample = (theirs as unknown[])[0];
    for (const [i, item] of (ours as unknown[]).entries())
      if (sample !== undefined) assertSameShape(item, sample, `${path}[${i}]`);
    return;
  }
  if (kind(theirs) !== 'object') return;
  const o = ours as Record<string, unknown>;
  const t = theirs as Record<string, unknown>;
  if (path === 'data.metrics') {
    const byType = new Map<string, unknown>();
    for (const metric of Object.values(t)) byType.set((metric as { type: string }).type, metric);
    for (const [name, metric] of Object.entries(o)) {
      const m = metric as { type: string; values: Record<string, number>; thresholds?: unknown };
      const reference = byType.get(m.type) as
        | { values: Record<string, number>; thresholds?: unknown }
        | undefined;
      assert.ok(['counter', 'gauge', 'rate', 'trend'].includes(m.type), `${name}: type ${m.type}`);
      assert.deepEqual(
        Object.keys(m)
          .filter((k) => k !== 'thresholds')
          .sort(),
        ['contains', 'type', 'values'],
        `${name}: keys`,
      );
      if (reference) {
        assert.deepEqual(
          Object.keys(m.values).sort(),
          Object.keys(reference.values).sort(),
          `${name}: values keys`,
        );
      }
      for (const value of Object.values(m.values))
        assert.equal(typeof value, 'number', `${name}: value type`);
      if (m.thresholds !== undefined) {
        for (const threshold of Object.values(m.thresholds as Record<string, unknown>)) {
          assert.deepEqual(Object.keys(threshold as object), ['ok']);
          assert.equal(typeof (threshold as { ok: unknown }).ok, 'boolean');
        }
      }
    }
    return;
  }
  assert.deepEqual(Object.keys(o).sort(), Object.keys(t).sort(), `${path}: keys`);
  for (const key of Object.keys(t)) {
    // A group's `groups` may be empty in one and not the other: compare against the group itself.
    if (key === 'groups' && (t[key] as unknown[]).length === 0) {
      for (const [i, g] of (o[key] as unknown[]).entries()) assertSameShape(g, t, `${path}.groups[${i}]`);
      continue;
    }
    if (key === 'checks' && (t[key] as unknown[]).length === 0) {
      const sample = referenceCheck();
      for (const [i, c] of (o[key] as unknown[]).entries())
        assertSameShape(c, sample, `${path}.checks[${i}]`);
      continue;
    }
    assertSameShape(o[key], t[key], `${path}.${key}`);
  }
}

/** A check of the k6 fixture, for groups whose reference has none. */
function referenceCheck(): unknown {
  const data = k6Fixture('k6-repo_handleSummary-data_default-format.json') as {
    root_group: { groups: { checks: unknown[] }[] };
  };
  return data.root_group.groups[0]?.checks[0];
}
