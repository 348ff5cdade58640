import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { childCpuSeconds, cpuPerThousand, findK6, measureK6, requestsOf } from './k6-run.ts';

describe('bench:cost under real k6', () => {
  it("reads the reaped children's CPU from /proc/self/stat, also past a command name with spaces and parentheses", () => {
    // Fields 1-17 of proc(5): pid (comm) state ppid pgrp session tty tpgid flags minflt cminflt majflt
    // cmajflt utime stime cutime cstime ...
    const stat = '4242 (node (x) y) S 1 4242 4242 0 -1 4194560 900 55 0 0 310 41 1234 66 20 0 11 0';
    assert.equal(childCpuSeconds(stat, 100), 13);
    assert.throws(() => childCpuSeconds('4242 node S 1', 100), /expected the fields cutime and cstime/);
  });

  it("takes the request count from k6's summary export and says what is wrong with a bad one", () => {
    const text = JSON.stringify({ metrics: { http_reqs: { count: 2204, rate: 881.6 } } });
    assert.equal(requestsOf(text, 's.json'), 2204);
    assert.throws(
      () => requestsOf('{"metrics":{}}', 's.json'),
      /s\.json: expected metrics\.http_reqs\.count.*got undefined/,
    );
    assert.throws(() => requestsOf('not json', 's.json'), /s\.json: expected k6's summary export \(JSON\)/);
  });

  it('divides the CPU of the long run beyond the short one by the extra requests', () => {
    assert.equal(
      cpuPerThousand({ cpuSeconds: 1.5, requests: 200 }, { cpuSeconds: 2.5, requests: 4200 }),
      0.25,
    );
    assert.throws(
      () => cpuPerThousand({ cpuSeconds: 1, requests: 10 }, { cpuSeconds: 2, requests: 10 }),
      /expected the long run to send more requests than the short one, got 10 and 10/,
    );
  });

  it('uses K6_BIN when set (refusing one that is not executable), else the PATH', () => {
    const onPath = () => '/usr/local/bin/k6';
    const none = () => null;
    assert.deepEqual(
      findK6({ K6_BIN: '/opt/k6' }, none, (p) => p === '/opt/k6'),
      { path: '/opt/k6', from: 'K6_BIN' },
    );
    assert.throws(
      () => findK6({ K6_BIN: '/opt/nothing' }, onPath, () => false),
      /K6_BIN: expected the path of an executable k6, got \/opt\/nothing/,
    );
    assert.deepEqual(findK6({}, onPath), { path: '/usr/local/bin/k6', from: 'PATH' });
    assert.equal(findK6({ K6_BIN: '' }, none), null);
  });

  it('runs k6 bounded against a loopback server with the usage report off, and reads what it exported', async () => {
    // A stand-in k6: refuses to run unless started as the harness promises, then exports 2 requests an iteration.
    const dir = mkdtempSync(join(tmpdir(), 'fake-k6-'));
    const bin = join(dir, 'k6');
    try {
      writeFileSync(
        bin,
        `#!${process.execPath}
const args = process.argv.slice(2);
const env = process.env;
const fail = (why) => { process.stderr.write(why + '\\n'); process.exit(3); };
if (env.K6_NO_USAGE_REPORT !== 'true') fail('usage report not off');
if (!/^http:\\/\\/127\\.0\\.0\\.1:\\d+\\/v1$/.test(env.APPWRITE_ENDPOINT ?? '')) fail('not loopback: ' + env.APPWRITE_ENDPOINT);
if (env.SCENARIOS !== 'reads' || env.ABUSE !== 'disabled') fail('workload env');
if (args.some((a) => a.includes(env.APPWRITE_API_KEY))) fail('API key on the command line');
const at = (flag) => args[args.indexOf(flag) + 1];
if (args[0] !== 'run' || args.at(-1) !== 'dist/appwrite.js' || at('--vus') !== '1') fail('args ' + args.join(' '));
const n = Number(at('--iterations'));
require('node:fs').writeFileSync(at('--summary-export'), JSON.stringify({ metrics: { http_reqs: { count: 5 + 2 * n } } }));
`,
      );
      chmodSync(bin, 0o755);
      const [run] = await measureK6(
        { path: bin, from: 'K6_BIN' },
        { workloads: ['reads'], shortIterations: 2, longIterations: 7, rounds: 2, timeoutMs: 30_000 },
      );
      assert.equal(run?.workload, 'reads');
      assert.equal(run?.requests, 10);
      assert.ok(Number.isFinite(run?.cpuSecondsPer1000), `got ${run?.cpuSecondsPer1000}`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
