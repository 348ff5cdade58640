import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { after, describe, it } from 'node:test';
import { k6Environment } from './k6-env.ts';

describe('k6Environment', () => {
  it('turns the usage report off unless the user set K6_NO_USAGE_REPORT', () => {
    assert.equal(k6Environment({ PATH: '/bin' }).K6_NO_USAGE_REPORT, 'true');
    assert.equal(k6Environment({ K6_NO_USAGE_REPORT: '' }).K6_NO_USAGE_REPORT, 'true');
    assert.equal(k6Environment({ K6_NO_USAGE_REPORT: 'false' }).K6_NO_USAGE_REPORT, 'false');
  });
});

describe('npm run smoke with k6 on the PATH', () => {
  const dir = mkdtempSync(join(tmpdir(), 'fake-k6-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  // A stand-in k6 that records the environment it was started with, so the test sees what real k6 would.
  const fakeK6 = join(dir, 'k6');
  const envFile = join(dir, 'env.txt');
  writeFileSync(fakeK6, `#!/bin/sh\nenv > "${envFile}"\nexit 0\n`);
  chmodSync(fakeK6, 0o755);

  function smokeEnv(extra: Record<string, string>): Map<string, string> {
    const env: NodeJS.ProcessEnv = { ...process.env, PATH: `${dir}${delimiter}${process.env.PATH ?? ''}` };
    delete env.K6_NO_USAGE_REPORT;
    const result = spawnSync(process.execPath, ['--import', 'tsx', 'tools/smoke.ts'], {
      env: { ...env, SMOKE_BUILD: 'skip', ...extra },
      encoding: 'utf8',
    });
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stdout, /through k6\b/);
    const lines = readFileSync(envFile, 'utf8').split('\n');
    return new Map(
      lines.map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
    );
  }

  it('starts k6 with K6_NO_USAGE_REPORT=true', () => {
    assert.equal(smokeEnv({}).get('K6_NO_USAGE_REPORT'), 'true');
  });

  it('tells the run it is k6 that produces the record', () => {
    assert.equal(smokeEnv({}).get('BENCH_RUNNER'), 'k6');
  });

  it('keeps the value the user set', () => {
    assert.equal(smokeEnv({ K6_NO_USAGE_REPORT: 'false' }).get('K6_NO_USAGE_REPORT'), 'false');
  });
});

describe('npm run smoke through the sandbox', () => {
  const dir = mkdtempSync(join(tmpdir(), 'smoke-sandbox-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('writes a record whose producer names the sandbox and the machine', () => {
    // A PATH without k6 (node's own folder only), so smoke falls back to the sandbox.
    const result = spawnSync(
      process.execPath,
      ['--import', 'tsx', 'tools/smoke.ts', '-e', 'SCENARIOS=reads'],
      {
        env: { ...process.env, PATH: join(process.execPath, '..'), SMOKE_BUILD: 'skip', RESULTS_DIR: dir },
        encoding: 'utf8',
      },
    );
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stdout, /through the k6 sandbox/);
    const file = readdirSync(dir).find((f) => f.endsWith('.json') && f !== 'latest.json');
    assert.ok(file, `no record in ${dir}`);
    const record = JSON.parse(readFileSync(join(dir, file), 'utf8'));
    assert.equal(record.producer.runner, 'sandbox');
    assert.equal(record.producer.machine.sameHostAsServer, true);
    assert.ok(record.producer.machine.cores >= 1);
  });
});
