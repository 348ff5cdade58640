// Instance safety: the bundle run as three k6 instances at once (execution segments, one RUN_ID, every
// instance running setup and teardown, as the k6-operator runs its runners; k6.md §9) against one server.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { parseBaseline } from '../../lib/report/baseline.ts';
import type { ResultRecord } from '../../lib/report/record.ts';
import { compareMain } from '../../tools/compare.ts';
import { historyMain } from '../../tools/history.ts';
import { mergeMain } from '../../tools/merge.ts';
import { adminApi, type BenchRun, cleanUp, runBenchmark, withEmulator } from './harness.ts';

const runs: BenchRun[] = [];
after(() => {
  for (const run of runs) cleanUp(run);
});

/** A loopback proxy in front of the emulator that keeps every custom id and e-mail a create request sent. */
async function startIdRecorder(target: string) {
  const upstream = new URL(target);
  const ids: string[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      if (req.method === 'POST' && body.length > 0) {
        try {
          const parsed = JSON.parse(body.toString('utf8')) as Record<string, unknown>;
          for (const field of [
            'userId',
            'databaseId',
            'tableId',
            'collectionId',
            'rowId',
            'documentId',
            'email',
          ])
            if (
              typeof parsed[field] === 'string' &&
              parsed[field] !== 'unique()' &&
              !req.url?.includes('/sessions')
            )
              ids.push(`${field}=${String(parsed[field])}`);
        } catch {
          // not JSON: nothing to record
        }
      }
      const forward = httpRequest(
        {
          host: upstream.hostname,
          port: upstream.port,
          path: req.url,
          method: req.method,
          headers: req.headers,
        },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      forward.on('error', () => res.destroy());
      forward.end(body);
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    ids,
    close: () => new Promise<void>((done) => server.close(() => done())),
  };
}

const explain = (run: BenchRun) =>
  `exit ${run.exitCode}\n--- stdout\n${run.stdout}\n--- stderr\n${run.stderr}`;

describe('three k6 instances, one run', () => {
  it('never collide, clean up everything, and merge into one record with summed counts', async () => {
    await withEmulator({}, async (emulator) => {
      const { users, tables } = adminApi(emulator);
      const proxy = await startIdRecorder(emulator.url);
      try {
        const env = { RUN_ID: 'tri-run', SCENARIOS: 'auth,writes,reads', APPWRITE_ENDPOINT: proxy.url };
        // What one instance does alone: the reference the merged counts must add up to.
        const single = await runBenchmark(emulator, { env: { ...env, RUN_ID: 'solo-run' } });
        runs.push(single);
        assert.equal(single.exitCode, 0, explain(single));
        proxy.ids.length = 0;

        const sequence = '0,1/3,2/3,1';
        const parts = await Promise.all(
          ['0:1/3', '1/3:2/3', '2/3:1'].map((segment) =>
            runBenchmark(emulator, { env, executionSegment: segment, executionSegmentSequence: sequence }),
          ),
        );
        runs.push(...parts);
        for (const part of parts) assert.equal(part.exitCode, 0, explain(part));

        // The smoke profile has one VU per workload, so one segment gets all of the workloads' load (the
        // parts still each run setup and teardown). A run with --vus/--iterations puts load on every part.
        const spread = await Promise.all(
          ['0:1/3', '1/3:2/3', '2/3:1'].map((segment) =>
            runBenchmark(emulator, {
              env: { ...env, RUN_ID: 'tri-spread' },
              vus: 3,
              iterations: 6,
              executionSegment: segment,
              executionSegmentSequence: sequence,
            }),
          ),
        );
        runs.push(...spread);
        for (const part of spread) {
          assert.equal(part.exitCode, 0, explain(part));
          const checks = (part.record as unknown as ResultRecord | null)?.checks.passes ?? 0;
          assert.ok(checks > 0, 'a segment ran no iteration, so it proved nothing about collisions');
        }

        const duplicates = proxy.ids.filter((id, i) => proxy.ids.indexOf(id) !== i);
        assert.deepEqual(duplicates, [], 'two instances created a resource with the same id');
        assert.ok(proxy.ids.length > 0, 'the recorder saw no create request');
        assert.equal((await users.list()).total, 0, 'users left behind');
        assert.equal((await tables.list()).total, 0, 'databases left behind');

        const io = (files: Record<string, string>) => {
          const written: Record<string, string> = {};
          let out = '';
          let err = '';
          return {
            written,
            get out() {
              return out;
            },
            get err() {
              return err;
            },
            io: {
              readFile: (path: string) => {
                const text = files[path];
                if (text === undefined) throw new Error(`no such file ${path}`);
                return text;
              },
              writeFile: (path: string, text: string) => {
                written[path] = text;
              },
              out: (t: string) => {
                out += t;
              },
              err: (t: string) => {
                err += t;
              },
            },
          };
        };
        const files: Record<string, string> = {};
        parts.forEach((part, i) => {
          files[`part${i}.json`] = part.files['tri-run.json'] ?? '';
        });
        const merging = io(files);
        assert.equal(mergeMain([...Object.keys(files), '--out', 'merged.json'], merging.io), 0, merging.err);
        const mergedText = merging.written['merged.json'] ?? '';
        const parsed = parseBaseline(mergedText);
        assert.ok(parsed.ok, parsed.ok ? '' : parsed.problem);
        const merged = parsed.record;
        const records = parts.map((p) => p.record as unknown as ResultRecord);
        const sum = (f: (r: ResultRecord) => number | null) => records.reduce((s, r) => s + (f(r) ?? 0), 0);

        assert.equal(merged.runId, 'tri-run');
        assert.equal(
          merged.measured.requests,
          sum((r) => r.measured.requests),
        );
        assert.equal(
          merged.checks.passes,
          sum((r) => r.checks.passes),
        );
        assert.equal(merged.checks.fails, 0);
        for (const w of merged.workloads) {
          const own = (r: ResultRecord) =>
            r.workloads.find((x) => x.workload === w.workload && x.phase === w.phase);
          assert.equal(
            w.requests,
            sum((r) => own(r)?.requests ?? 0),
            `${w.workload} requests`,
          );
          assert.equal(
            w.latencyMs.count,
            sum((r) => own(r)?.latencyMs.count ?? 0),
            `${w.workload} samples`,
          );
        }
        // The split changes nothing about the work: three shares add up to what one instance does alone.
        const solo = single.record as unknown as ResultRecord;
        assert.equal(merged.measured.requests, solo.measured.requests);
        assert.equal(merged.checks.passes, solo.checks.passes);
        assert.equal(merged.validity.valid, true, merged.validity.reasons.join('; '));

        const comparing = io({ 'solo.json': single.files['solo-run.json'] ?? '', 'merged.json': mergedText });
        const code = compareMain(['solo.json', 'merged.json'], comparing.io);
        assert.notEqual(code, 2, comparing.err);
        assert.match(comparing.out, /Total requests/);

        // Nightly history reads a folder of records: the merged one must be one of them like any other.
        const nights = mkdtempSync(join(tmpdir(), 'distributed-history-'));
        try {
          writeFileSync(join(nights, '1-solo.json'), single.files['solo-run.json'] ?? '');
          writeFileSync(join(nights, '2-merged.json'), mergedText);
          let historyOut = '';
          let historyErr = '';
          const historyCode = historyMain(
            [nights],
            (t) => {
              historyOut += t;
            },
            (t) => {
              historyErr += t;
            },
          );
          assert.notEqual(historyCode, 2, historyErr);
          assert.match(historyOut, /^history: 2 usable run\(s\)/m, historyOut);
        } finally {
          rmSync(nights, { recursive: true, force: true });
        }
      } finally {
        await proxy.close();
      }
    });
  });
});
