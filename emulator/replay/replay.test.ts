// Replays every exchange recorded against a real Appwrite 1.9.0 (`../shared/fixtures/appwrite-1.9.0/`)
// against the emulator answering as 1.9.0, file by file from a clean state, and holds each answer to the
// recording (rules in `compare.ts`). The emulator's clock is injected: it starts on a minute boundary
// and advances 50 ms per request (the recordings' poll spacing), so the 121-create bursts fit in one
// 60 s window as they did when recorded.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { after, describe, it } from 'node:test';
import { type RunningEmulator, startEmulator } from '../index.ts';
import { commitOrder, compareExchange, type Recorded, substitute } from './compare.ts';

const FIXTURES = new URL('../../../shared/fixtures/appwrite-1.9.0/', import.meta.url);
const FILES = [
  'health.jsonl',
  'account.jsonl',
  'users.jsonl',
  'tablesdb.jsonl',
  'databases-legacy.jsonl',
  'abuse.jsonl',
  'smoke-run.jsonl',
];
/** 2026-12-01T20:20:00Z, a minute (not hour) boundary, as in the recordings. */
const START = Date.UTC(2026, 11, 1, 20, 20, 0);
const STEP_MS = 50;
interface Line {
  seq: number;
  step: string;
  request: { method: string; path: string; headers: Record<string, string>; body: unknown };
  response: Recorded;
}

function readLines(file: string): Line[] {
  return readFileSync(new URL(file, FIXTURES), 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as Line);
}

function send(
  base: URL,
  method: string,
  path: string,
  headers: Record<string, string>,
  body: string | undefined,
): Promise<Recorded> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: base.hostname,
        port: base.port,
        method,
        path,
        headers: { ...headers, 'accept-encoding': 'identity' },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let parsed: unknown = null;
          if (text !== '') {
            try {
              parsed = JSON.parse(text);
            } catch {
              parsed = text;
            }
          }
          const out: Record<string, string | string[]> = {};
          for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) out[k] = v;
          resolve({ status: res.statusCode ?? 0, headers: out, body: parsed });
        });
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** Appwrite's `ID.unique()`: 20 hex digits (generated ids differ on every run). */
const GENERATED_ID = /^[0-9a-f]{20}$/;

/** Learns recorded → emulator values of generated ids from two answers to the same request. */
function learnIds(recorded: unknown, actual: unknown, ids: Map<string, string>): void {
  if (Array.isArray(recorded) && Array.isArray(actual)) {
    recorded.forEach((item, i) => {
      learnIds(item, actual[i], ids);
    });
    return;
  }
  if (typeof recorded !== 'object' || recorded === null || typeof actual !== 'object' || actual === null)
    return;
  const r = recorded as Record<string, unknown>;
  const a = actual as Record<string, unknown>;
  for (const [key, value] of Object.entries(r)) {
    const other = a[key];
    if (typeof value === 'string' && typeof other === 'string' && GENERATED_ID.test(value) && !ids.has(value))
      ids.set(value, other);
    else learnIds(value, other, ids);
  }
}

function learnSession(recorded: Recorded, actual: Recorded, ids: Map<string, string>): void {
  const want = recorded.headers['x-fallback-cookies'];
  const got = actual.headers['x-fallback-cookies'];
  if (typeof want !== 'string' || typeof got !== 'string' || !want.includes('<SESSION:')) return;
  const placeholder = (JSON.parse(want) as Record<string, string>).a_session_bench;
  const value = (JSON.parse(got) as Record<string, string>).a_session_bench;
  if (placeholder !== undefined && value !== undefined) ids.set(placeholder, value);
}

function transportDifferences(headers: Readonly<Record<string, string | string[]>>): string[] {
  const out: string[] = [];
  if (headers['content-length'] === undefined) out.push('no content-length');
  if (headers['transfer-encoding'] !== undefined)
    out.push(`transfer-encoding ${headers['transfer-encoding']}`);
  if (headers['keep-alive'] !== undefined) out.push(`keep-alive ${headers['keep-alive']}`);
  return out;
}

const periodOf = (path: string) => (/\/(rows|documents)(\?|$)/.test(path) ? 60 : 3600);

/**
 * The exchanges allowed to match by shape only, each listed with its reason in docs/emulator.md; any
 * other exchange must match exactly, so a regression from exact to shape-only fails the test.
 */
const KNOWN_SHAPE_ONLY = ['health.jsonl seq 4'];

interface FileResult {
  exact: number;
  shapeOnly: number;
  /** `file seq N` of each shape-only exchange. */
  shapeOnlySeqs: string[];
  failures: string[];
  /** What made each shape-only exchange not exact (printed with REPLAY_VERBOSE=1). */
  notes: string[];
}

async function replay(file: string): Promise<FileResult> {
  let now = START;
  const emulator: RunningEmulator = await startEmulator({ appwriteVersion: '1.9.0', clock: () => now });
  const ids = new Map<string, string>([['<API_KEY>', emulator.apiKey]]);
  const base = new URL(emulator.url);
  const result: FileResult = { exact: 0, shapeOnly: 0, shapeOnlySeqs: [], failures: [], notes: [] };
  try {
    for (const line of commitOrder(readLines(file))) {
      now += STEP_MS;
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(line.request.headers)) headers[k] = substitute(v, ids);
      const body =
        line.request.body === null ? undefined : substitute(JSON.stringify(line.request.body), ids);
      const actual = await send(base, line.request.method, substitute(line.request.path, ids), headers, body);
      // The recordings dropped the transport headers, but the issue saw them on the real 1.9.0
      // (Swoole): every answer has a Content-Length, none is chunked or carries Keep-Alive.
      const transport = transportDifferences(actual.headers);
      if (transport.length > 0)
        result.failures.push(`${file} seq ${line.seq} (${line.step}): ${transport.join('; ')}`);
      learnSession(line.response, actual, ids);
      learnIds(line.response.body, actual.body, ids);
      const outcome = compareExchange(line.response, actual, ids, {
        nowSeconds: Math.floor(now / 1000),
        periodSeconds: periodOf(line.request.path),
      });
      if (outcome.failures.length > 0)
        result.failures.push(`${file} seq ${line.seq} (${line.step}): ${outcome.failures.join('; ')}`);
      else if (outcome.shapeOnly.length > 0) {
        result.shapeOnly++;
        result.shapeOnlySeqs.push(`${file} seq ${line.seq}`);
        result.notes.push(`${file} seq ${line.seq} (${line.step}): ${outcome.shapeOnly.join('; ')}`);
      } else result.exact++;
    }
  } finally {
    await emulator.close();
  }
  return result;
}

describe('replay of real Appwrite 1.9.0 traffic', () => {
  const totals = { exact: 0, shapeOnly: 0, seqs: [] as string[] };
  after(() => {
    console.log(`replay: ${totals.exact} exchanges match exactly, ${totals.shapeOnly} by shape only`);
  });
  for (const file of FILES) {
    it(`${file}: every exchange, in order, as recorded`, async () => {
      const result = await replay(file);
      totals.exact += result.exact;
      totals.shapeOnly += result.shapeOnly;
      totals.seqs.push(...result.shapeOnlySeqs);
      if (process.env.REPLAY_VERBOSE === '1') for (const note of result.notes) console.log(note);
      assert.deepEqual(result.failures, []);
    });
  }
  it("commit order moves only the smoke run's concurrent creates (files a-f were sent one at a time)", () => {
    for (const file of FILES) {
      const arrival = readLines(file).map((l) => l.seq);
      const replayed = commitOrder(readLines(file)).map((l) => l.seq);
      const moved = replayed.filter((seq, i) => seq !== arrival[i]);
      if (file === 'smoke-run.jsonl') {
        assert.deepEqual(replayed.slice(38, 49), [39, 41, 42, 43, 44, 45, 46, 47, 48, 49, 40]);
        assert.equal(replayed.length, arrival.length);
      } else assert.deepEqual(moved, [], file);
    }
  });
  it('only the documented exchanges match by shape only', () => {
    assert.deepEqual(totals.seqs, KNOWN_SHAPE_ONLY);
    assert.equal(totals.exact + totals.shapeOnly, 522);
  });
});
