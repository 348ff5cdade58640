// Runs the built benchmark (dist/appwrite.js) through the k6 sandbox against an emulator, the way a
// user would with k6 against Appwrite: env vars in, exit code, stdout/stderr and result files out.
// Under test/e2e/real-k6.test.ts the same tests run the bundle through a real k6 instead
// (BENCH_E2E_K6 names it; chosen by tools/real-k6.ts).
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Client, TablesDB, Users } from 'node-appwrite';
import { type EmulatorOptions, type RunningEmulator, startEmulator } from '../../emulator/index.ts';
import { runSandbox, type SandboxRunOptions, type SandboxRunResult } from '../../sandbox/index.ts';

export const BUNDLE = resolve('dist/appwrite.js');

/** Set by test/e2e/real-k6.test.ts to the real k6 these tests run under; unset, the sandbox. */
export const E2E_K6_VARIABLE = 'BENCH_E2E_K6';
const realK6 = process.env[E2E_K6_VARIABLE] || undefined;

/** Runs a k6 script the way the end-to-end tests run k6: the sandbox, or the real k6 chosen above. */
export function runK6(options: SandboxRunOptions): Promise<SandboxRunResult> {
  return runSandbox(options, realK6);
}

export interface BenchRun extends SandboxRunResult {
  /** Folder the run was started in (its PWD); RESULTS_DIR is `results` inside it. */
  cwd: string;
  /** Result files written by handleSummary, by file name. */
  files: Record<string, string>;
  /** The run's JSON result record, if one was written. */
  record: Record<string, unknown> | null;
}

export interface BenchRunOptions extends Omit<SandboxRunOptions, 'script' | 'cwd'> {
  cwd?: string;
}

/** Starts `k6 run dist/appwrite.js` in the sandbox with the emulator's endpoint, project and key. */
export async function runBenchmark(
  emulator: RunningEmulator | null,
  options: BenchRunOptions = {},
): Promise<BenchRun> {
  const cwd = options.cwd ?? mkdtempSync(join(tmpdir(), 'bench-run-'));
  // k6 creates no folders (k6.md §1.2): the run's results folder must exist beforehand.
  mkdirSync(join(cwd, 'results'), { recursive: true });
  const env: Record<string, string> = {
    PROFILE: 'smoke',
    RESULTS_DIR: 'results',
    ...(emulator
      ? {
          APPWRITE_ENDPOINT: emulator.url,
          APPWRITE_PROJECT_ID: emulator.projectId,
          APPWRITE_API_KEY: emulator.apiKey,
        }
      : {}),
    ...options.env,
  };
  const result = await runK6({
    timeoutMs: 120_000,
    ...options,
    env,
    script: BUNDLE,
    cwd,
    includeSystemEnv: true,
  });
  const files: Record<string, string> = {};
  for (const name of readdirSync(join(cwd, 'results')))
    files[name] = readFileSync(join(cwd, 'results', name), 'utf8');
  // The run's own record (`<run id>.json`): latest.json is written only for a valid, completed run.
  const own = Object.keys(files).filter((name) => name.endsWith('.json') && name !== 'latest.json');
  const text = own.length === 1 && own[0] !== undefined ? files[own[0]] : undefined;
  return { ...result, cwd, files, record: text ? (JSON.parse(text) as Record<string, unknown>) : null };
}

export async function withEmulator<T>(
  options: EmulatorOptions,
  body: (emulator: RunningEmulator) => Promise<T>,
): Promise<T> {
  const emulator = await startEmulator({ port: 0, ...options });
  try {
    return await body(emulator);
  } finally {
    await emulator.close();
  }
}

/** A loopback HTTP server that answers 503 to everything and counts what it was sent. */
export async function startRecorder(): Promise<{
  url: string;
  requests: () => number;
  close: () => Promise<void>;
}> {
  let count = 0;
  const server: Server = createServer((_request, response) => {
    count++;
    response.writeHead(503, { 'content-type': 'application/json' }).end('{}');
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    requests: () => count,
    close: () => new Promise<void>((done) => server.close(() => done())),
  };
}

export function cleanUp(run: BenchRun): void {
  rmSync(run.cwd, { recursive: true, force: true });
}

/** Everything a run printed or wrote, for searching. */
export function allOutput(run: BenchRun): string {
  return [run.stdout, run.stderr, ...Object.values(run.files)].join('\n');
}

/** The official SDK with the emulator's API key: how the tests see what a run left on the server. */
export function adminApi(emulator: RunningEmulator): { users: Users; tables: TablesDB } {
  const client = new Client()
    .setEndpoint(emulator.url)
    .setProject(emulator.projectId)
    .setKey(emulator.apiKey);
  return { users: new Users(client), tables: new TablesDB(client) };
}
