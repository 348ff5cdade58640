// `npm run ab` end to end: two emulators on loopback, the k6 sandbox (no k6 on the PATH), PROFILE=smoke,
// --repeat 2. The runs must alternate A, B, A, B; every record must be written and kept; the comparison
// of the two sets must be printed; the output must name the runner, and the records must too.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, describe, it } from 'node:test';
import { startEmulator } from '../../emulator/index.ts';

function run(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; out: string; err: string }> {
  // Asynchronous: the emulators live in this process and must keep answering while ab runs.
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'tools/ab.ts', ...args], { env });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString();
    });
    child.stderr.on('data', (c: Buffer) => {
      err += c.toString();
    });
    child.on('exit', (code) => resolve({ code: code ?? 1, out, err }));
  });
}

describe('npm run ab against two emulators through the sandbox', () => {
  const out = mkdtempSync(join(tmpdir(), 'ab-e2e-'));
  after(() => rmSync(out, { recursive: true, force: true }));

  it('runs A, B, A, B, keeps every record, names the sandbox and prints the comparison', async () => {
    const a = await startEmulator({ port: 0 });
    const b = await startEmulator({ port: 0 });
    try {
      const env: NodeJS.ProcessEnv = {
        ...process.env,
        // Node's own folder only: no k6 there, so ab must fall back to the sandbox and say so.
        PATH: dirname(process.execPath),
        A_APPWRITE_PROJECT_ID: a.projectId,
        A_APPWRITE_API_KEY: a.apiKey,
        B_APPWRITE_PROJECT_ID: b.projectId,
        B_APPWRITE_API_KEY: b.apiKey,
      };
      delete env.APPWRITE_PROJECT_ID;
      delete env.APPWRITE_API_KEY;
      const result = await run(
        ['--a', a.url, '--b', b.url, '--repeat', '2', '--out', out, '-e', 'SCENARIOS=reads'],
        env,
      );
      assert.notEqual(result.code, 2, result.err);
      assert.match(result.out, /^ab: 2 × \(A, B\) through the k6 sandbox \(no k6 on the PATH\)/m);
      // Progress lines in the order the runs were made.
      const order = [...result.out.matchAll(/^ {2}([AB])(\d): exit 0, record (\S+)$/gm)];
      assert.deepEqual(
        order.map((m) => `${m[1]}${m[2]}`),
        ['A1', 'B1', 'A2', 'B2'],
      );
      // Every record is on disk, one folder per run, and each went to its own side's server.
      const folders = readdirSync(out).sort();
      assert.deepEqual(folders, ['01-A', '01-B', '02-A', '02-B']);
      const records = folders.map((folder) => {
        const files = readdirSync(join(out, folder)).filter(
          (f) => f.endsWith('.json') && f !== 'latest.json',
        );
        assert.equal(files.length, 1, `${folder}: ${files.join(', ')}`);
        return { folder, record: JSON.parse(readFileSync(join(out, folder, files[0] ?? ''), 'utf8')) };
      });
      const port = (url: string) => new URL(url).port;
      for (const { folder, record } of records) {
        assert.equal(record.schemaVersion, 2);
        assert.equal(record.producer.runner, 'sandbox', folder);
        assert.ok(
          record.endpointHost.includes(`:${port(folder.endsWith('A') ? a.url : b.url)}/`),
          `${folder}: ${record.endpointHost}`,
        );
      }
      // The runs themselves alternated in time: each started after the previous one ended.
      const byStart = [...records].sort(
        (x, y) => Date.parse(x.record.startedAt) - Date.parse(y.record.startedAt),
      );
      assert.deepEqual(
        byStart.map((r) => r.folder),
        ['01-A', '01-B', '02-A', '02-B'],
      );
      for (let i = 1; i < byStart.length; i++)
        assert.ok(
          Date.parse(byStart[i]?.record.startedAt) >= Date.parse(byStart[i - 1]?.record.endedAt),
          'runs overlapped',
        );
      // The comparison of A's two records with B's two.
      assert.match(result.out, /^composite score \(higher is better\): /m);
      assert.match(result.out, /normal median latency/);
      assert.match(
        result.out,
        /^runs used: baseline 2, candidate 2; 95% percentile bootstrap over whole runs/m,
      );
      for (const secret of [a.apiKey, b.apiKey])
        assert.ok(!result.out.includes(secret) && !result.err.includes(secret));
    } finally {
      await a.close();
      await b.close();
    }
  });
});
