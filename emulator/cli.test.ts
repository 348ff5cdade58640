// The CLI as users run it: bad flags exit 2 with one line; a started emulator prints KEY=value lines,
// answers, and on SIGTERM exits 0 leaving no port bound.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import { describe, it } from 'node:test';
import { parseCliArgs } from './cli-args.ts';

const CLI = ['--import', 'tsx', 'emulator/cli.ts'];

describe('parseCliArgs', () => {
  it('maps every flag onto EmulatorOptions', () => {
    assert.deepEqual(
      parseCliArgs([
        '--host',
        '0.0.0.0',
        '--port=8080',
        '--appwrite-version',
        '1.8.x',
        '--abuse',
        'disabled',
        '--project',
        'p',
        '--api-key',
        'k',
        '--attribute-delay-ms',
        '5',
        '--latency-ms',
        '20',
        '--error-rate',
        '0.1',
        '--latency-ms-writes',
        '50',
        '--error-rate-auth',
        '0.5',
        '--max-body-bytes',
        '100',
        '--max-documents',
        '7',
        '--fault-callers',
        'clients',
      ]),
      {
        host: '0.0.0.0',
        port: 8080,
        appwriteVersion: '1.8.x',
        abuse: 'disabled',
        projectId: 'p',
        apiKey: 'k',
        attributeDelayMs: 5,
        faults: {
          latencyMs: 20,
          errorRate: 0.1,
          writes: { latencyMs: 50 },
          auth: { errorRate: 0.5 },
          callers: 'clients',
        },
        limits: { maxBodyBytes: 100, maxDocumentsPerCollection: 7 },
      },
    );
    assert.equal(parseCliArgs(['--help']), 'help');
  });
});

describe('emulator CLI', () => {
  for (const args of [
    ['--bogus'],
    ['--port', 'x'],
    ['--port'],
    ['--abuse', 'maybe'],
    ['--error-rate', '1.5'],
    ['--fault-callers', 'keys'],
    ['--appwrite-version', '0.7.0'],
    ['--project', 'console'],
  ]) {
    it(`exits 2 with one error line for ${args.join(' ')}`, () => {
      const result = spawnSync(process.execPath, [...CLI, ...args], { encoding: 'utf8', timeout: 20_000 });
      assert.equal(result.status, 2);
      assert.equal(result.stdout, '');
      const lines = result.stderr.trim().split('\n');
      assert.equal(lines.length, 1, result.stderr);
      assert.match(lines[0] ?? '', /^emulator: /);
    });
  }

  it('prints endpoint, project and key, answers, and leaves no port bound after SIGTERM', async () => {
    const child = spawn(
      process.execPath,
      [...CLI, '--port', '0', '--project', 'cli', '--api-key', 'secret-k'],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    try {
      const lines = await new Promise<string[]>((resolve, reject) => {
        let out = '';
        const timer = setTimeout(() => reject(new Error(`no startup output within 20 s: ${out}`)), 20_000);
        child.stdout.on('data', (chunk: Buffer) => {
          out += chunk.toString();
          if (out.split('\n').length > 3) {
            clearTimeout(timer);
            resolve(out.trim().split('\n'));
          }
        });
        child.once('exit', (code) => reject(new Error(`exited early with ${code}`)));
      });
      const values = Object.fromEntries(
        lines.map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
      );
      assert.equal(values.APPWRITE_PROJECT_ID, 'cli');
      assert.equal(values.APPWRITE_API_KEY, 'secret-k');
      const endpoint = values.APPWRITE_ENDPOINT ?? '';
      assert.match(endpoint, /^http:\/\/127\.0\.0\.1:\d+\/v1$/);
      const response = await fetch(`${endpoint}/health/version`);
      assert.deepEqual(await response.json(), { version: '1.9.0' });
      const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      assert.equal(await exited, 0);
      const port = Number(new URL(endpoint).port);
      await new Promise<void>((resolve, reject) => {
        const probe = createServer();
        probe.once('error', reject);
        probe.listen(port, '127.0.0.1', () => probe.close(() => resolve()));
      });
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });
});
