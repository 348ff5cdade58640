import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { runSpec } from '../sandbox/index.ts';
import { chooseRealK6, RealK6Error } from './real-k6.ts';

const dir = mkdtempSync(join(tmpdir(), 'real-k6-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** A stand-in k6 that answers `version` as k6 does and shows whether the usage report was off. */
function fakeK6(folder: string, versionLine: string): string {
  const path = join(folder, 'k6');
  writeFileSync(path, `#!/bin/sh\necho "${versionLine} usage-report=$K6_NO_USAGE_REPORT"\n`);
  chmodSync(path, 0o755);
  return path;
}

describe('choosing a real k6', () => {
  it('none: K6_BIN unset and no k6 on the PATH gives the skip line', () => {
    const choice = chooseRealK6({ PATH: dir });
    assert.deepEqual(choice, { kind: 'none', skip: 'no real k6 (K6_BIN unset, no k6 on the PATH)' });
  });

  it('a K6_BIN that does not exist is an error naming it, not a skip', () => {
    assert.throws(
      () => chooseRealK6({ PATH: dir, K6_BIN: join(dir, 'missing', 'k6') }),
      (error: unknown) =>
        error instanceof RealK6Error &&
        error.message.includes(`K6_BIN=${join(dir, 'missing', 'k6')} does not run as k6`) &&
        error.message.includes('ENOENT') &&
        error.message.includes("expected a k6 binary whose 'k6 version' works, or K6_BIN unset"),
    );
  });

  it('a K6_BIN that is not k6 is an error', () => {
    const other = mkdtempSync(join(dir, 'other-'));
    const path = fakeK6(other, 'not k6 at all');
    assert.throws(() => chooseRealK6({ PATH: dir, K6_BIN: path }), /printed "not k6 at all/);
  });

  it('K6_BIN wins over the PATH; the probe runs with the usage report off', () => {
    const onPath = mkdtempSync(join(dir, 'path-'));
    fakeK6(onPath, 'k6 v1.3.0 (path)');
    const named = fakeK6(mkdtempSync(join(dir, 'bin-')), 'k6 v2.2.0 (named)');
    assert.deepEqual(chooseRealK6({ PATH: onPath, K6_BIN: named }), {
      kind: 'k6',
      command: named,
      version: 'k6 v2.2.0 (named) usage-report=true',
    });
    const fromPath = chooseRealK6({ PATH: `${dir}:${onPath}` });
    assert.equal(fromPath.kind === 'k6' && fromPath.command, join(onPath, 'k6'));
  });
});

describe('starting a run', () => {
  const options = { script: 'dist/appwrite.js', cwd: dir, env: { PROFILE: 'smoke' }, quiet: true };
  it('a real k6 gets the same k6 run flags, PWD and the usage report off', () => {
    const spec = runSpec(options, '/opt/k6');
    assert.equal(spec.command, '/opt/k6');
    assert.deepEqual(spec.args, ['run', 'dist/appwrite.js', '-e', 'PROFILE=smoke', '--quiet']);
    assert.equal(spec.env.PWD, dir);
    assert.equal(spec.env.K6_NO_USAGE_REPORT, process.env.K6_NO_USAGE_REPORT || 'true');
  });
  it('without one, the sandbox CLI with those flags', () => {
    const spec = runSpec(options);
    assert.equal(spec.command, process.execPath);
    assert.deepEqual(spec.args.slice(-5), ['run', 'dist/appwrite.js', '-e', 'PROFILE=smoke', '--quiet']);
  });
});
