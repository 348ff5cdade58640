import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { cleanUp, runBenchmark, withEmulator } from '../test/e2e/harness.ts';
import { bootstrapMain } from './bootstrap.ts';
import { parseBootstrapArgs, SUITE_SCOPES } from './bootstrap-args.ts';

async function run(argv: string[], env: Record<string, string> = {}) {
  let out = '';
  let err = '';
  const code = await bootstrapMain(argv, {
    out: (t) => {
      out += t;
    },
    err: (t) => {
      err += t;
    },
    env,
  });
  return { code, out, err };
}

function exported(out: string, name: string): string | undefined {
  return new RegExp(`^export ${name}='([^']*)'$`, 'm').exec(out)?.[1];
}

const login = ['--email', 'admin@example.com', '--password', 'bench-console-pass'];

describe('npm run bootstrap', () => {
  it('asks for exactly the scopes the README documents for APPWRITE_API_KEY', () => {
    const row = readFileSync('README.md', 'utf8')
      .split('\n')
      .find((line) => line.startsWith('| `APPWRITE_API_KEY`'));
    const documented = [...(row ?? '').matchAll(/`([a-z]+\.(?:read|write))`/g)].map((m) => m[1]).sort();
    assert.deepEqual([...SUITE_SCOPES].sort(), documented);
  });

  for (const appwriteVersion of ['1.5.0', '1.9.0'])
    it(`creates account, team, project and key on a fresh ${appwriteVersion}; smoke passes with them; a rerun reuses all`, async () => {
      await withEmulator({ appwriteVersion }, async (emulator) => {
        const first = await run(['--endpoint', emulator.url, ...login, '--project', 'nightly']);
        assert.equal(first.code, 0, first.err);
        assert.match(first.err, /console account .*: created/);
        assert.match(first.err, /project nightly: created/);
        assert.match(first.err, /API key .*: created/);
        const key = exported(first.out, 'APPWRITE_API_KEY');
        assert.ok(key && key !== emulator.apiKey, first.out);
        assert.equal(exported(first.out, 'APPWRITE_PROJECT_ID'), 'nightly');
        assert.doesNotMatch(first.err, new RegExp(key), 'the key went to stderr');

        const second = await run(['--endpoint', emulator.url, ...login, '--project', 'nightly']);
        assert.equal(second.code, 0, second.err);
        assert.doesNotMatch(second.err, /created/, 'a second run created something');
        assert.equal(exported(second.out, 'APPWRITE_API_KEY'), key, 'the key was not reused');

        const smoke = await runBenchmark(emulator, {
          env: { APPWRITE_PROJECT_ID: 'nightly', APPWRITE_API_KEY: key },
        });
        try {
          assert.equal(smoke.exitCode, 0, `${smoke.stdout}\n${smoke.stderr}`);
          assert.equal(smoke.record?.thresholdsPassed, true);
        } finally {
          cleanUp(smoke);
        }
      });
    });

  it('a key without a needed scope is refused by the emulator, so the smoke above proves the scopes suffice', async () => {
    await withEmulator({}, async (emulator) => {
      const boot = await run(['--endpoint', emulator.url, ...login]);
      const key = exported(boot.out, 'APPWRITE_API_KEY') ?? '';
      const ok = await fetch(`${emulator.url}/users`, {
        headers: { 'x-appwrite-project': 'k6-bench', 'x-appwrite-key': key },
      });
      assert.equal(ok.status, 200);
      const health = await fetch(`${emulator.url}/health`, {
        headers: { 'x-appwrite-project': 'k6-bench', 'x-appwrite-key': key },
      });
      assert.equal(health.status, 401, 'health.read is not among the scopes, yet the key passed');
    });
  });

  it('writes the key only to --env-file, created with mode 0600', async () => {
    await withEmulator({}, async (emulator) => {
      const dir = mkdtempSync(join(tmpdir(), 'bootstrap-'));
      try {
        const file = join(dir, 'appwrite.env');
        writeFileSync(file, 'old\n', { mode: 0o644 });
        const result = await run(['--endpoint', emulator.url, ...login, '--env-file', file]);
        assert.equal(result.code, 0, result.err);
        assert.equal(statSync(file).mode & 0o777, 0o600);
        const key = /^APPWRITE_API_KEY=(.+)$/m.exec(readFileSync(file, 'utf8'))?.[1];
        assert.ok(key?.startsWith('standard_'));
        if (key === undefined) return;
        assert.ok(!result.out.includes(key) && !result.err.includes(key), 'key printed despite --env-file');
        assert.match(result.out, /^export APPWRITE_PROJECT_ID='k6-bench'$/m);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });

  it('answers bad input with one line and exit 2, a wrong password with one line and exit 1', async () => {
    const cases: Array<[string[], RegExp]> = [
      [[...login], /--endpoint is required/],
      [['--endpoint', 'ftp://x/v1', ...login], /--endpoint: expected an http\(s\) URL/],
      [['--endpoint', 'http://127.0.0.1:1/v1', '--email', 'nope', '--password', 'x'.repeat(8)], /--email/],
      [['--endpoint', 'http://127.0.0.1:1/v1', '--email', 'a@b.c', '--password', 'short'], /got 5$/m],
      [['--endpoint', 'http://127.0.0.1:1/v1', ...login, '--project', 'console'], /--project/],
      [['--bogus'], /unknown argument `--bogus`/],
    ];
    for (const [argv, pattern] of cases) {
      const result = await run(argv);
      assert.equal(result.code, 2, argv.join(' '));
      assert.match(result.err, pattern);
      assert.equal(result.err.trim().split('\n').length, 1, result.err);
      assert.doesNotMatch(result.err, /bench-console-pass/);
    }
    await withEmulator({}, async (emulator) => {
      await run(['--endpoint', emulator.url, ...login]);
      const wrong = await run([
        '--endpoint',
        emulator.url,
        '--email',
        'admin@example.com',
        '--password',
        'wrong-password',
      ]);
      assert.equal(wrong.code, 1);
      assert.match(
        wrong.err,
        /^bootstrap: error: POST \/account\/sessions\/email: HTTP 401 user_invalid_credentials/m,
      );
    });
  });

  it('takes the password from APPWRITE_CONSOLE_PASSWORD when --password is absent', () => {
    const args = parseBootstrapArgs(['--endpoint', 'http://127.0.0.1/v1', '--email', 'a@b.c'], {
      APPWRITE_CONSOLE_PASSWORD: 'from-the-env-1',
    });
    assert.equal(args.password, 'from-the-env-1');
  });
});
