// Runs dist/appwrite.js once, through k6 when it is on the PATH (usage report off unless the user set it)
// or else through the k6 sandbox, and returns the result record it wrote. Shared by `npm run ab` and
// `npm run bench:verdicts`. Asynchronous on purpose: an emulator started in this process must keep serving.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { cpus, hostname } from 'node:os';
import { join } from 'node:path';
import { SANDBOX_NODE_ARGS } from '../sandbox/index.ts';
import { k6Environment } from './k6-env.ts';
import { findK6OnPath } from './real-k6.ts';

export type Runner = { kind: 'k6'; path: string } | { kind: 'sandbox' };

export function findRunner(): Runner {
  const path = findK6OnPath(process.env);
  return path === undefined ? { kind: 'sandbox' } : { kind: 'k6', path };
}

/** `k6 version`'s first line, e.g. `k6 v1.3.0 (…)`: a k6 script cannot learn its own version. */
function k6Version(path: string): string | null {
  const result = spawnSync(path, ['version'], {
    encoding: 'utf8',
    timeout: 10_000,
    env: k6Environment(process.env),
  });
  const match = /v\d+\.\d+\.\d+\S*/.exec(result.stdout ?? '');
  return match ? match[0] : null;
}

/** The producer facts the record carries (schema 2), passed through the environment lib/config reads. */
export function producerEnv(runner: Runner): Record<string, string> {
  const env: Record<string, string> = {
    BENCH_RUNNER: runner.kind,
    BENCH_CORES: String(cpus().length),
    BENCH_MACHINE: hostname().slice(0, 100),
  };
  const version = runner.kind === 'k6' ? k6Version(runner.path) : null;
  if (version) env.K6_VERSION = version;
  return env;
}

export interface SuiteRun {
  exitCode: number;
  /** Path of the record the run wrote, or null when it wrote none. */
  recordPath: string | null;
  stderrTail: string;
}

/**
 * One run. Credentials travel in the child's environment, never on its command line. `resultsDir` gets
 * a folder of its own per run, so the record the run wrote is the one .json file in it.
 */
export function runSuite(
  runner: Runner,
  env: NodeJS.ProcessEnv,
  resultsDir: string,
  extraArgs: readonly string[] = [],
  quiet = true,
): Promise<SuiteRun> {
  mkdirSync(resultsDir, { recursive: true });
  const [command, args] =
    runner.kind === 'k6'
      ? [runner.path, ['run', ...extraArgs, 'dist/appwrite.js']]
      : [process.execPath, [...SANDBOX_NODE_ARGS, 'run', ...extraArgs, 'dist/appwrite.js']];
  return new Promise((resolve) => {
    const child = spawn(command, args, {
      env: k6Environment({ ...process.env, ...producerEnv(runner), ...env, RESULTS_DIR: resultsDir }),
      stdio: ['ignore', quiet ? 'ignore' : 'inherit', 'pipe'],
    });
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-2000);
      if (!quiet) process.stderr.write(chunk);
    });
    child.on('exit', (code, signal) => {
      const json = readdirSync(resultsDir).filter((f) => f.endsWith('.json') && f !== 'latest.json');
      resolve({
        exitCode: code ?? (signal ? 105 : 1),
        recordPath: json.length === 1 && json[0] ? join(resultsDir, json[0]) : null,
        stderrTail: stderr,
      });
    });
  });
}

export function readRecordText(path: string): string {
  return readFileSync(path, 'utf8');
}
