// Programmatic API for tests: runs the sandbox CLI as a child process (so a test's process never
// hosts VU threads or the vm contexts), bounded by a timeout.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { k6Environment } from '../tools/k6-env.ts';

export interface SandboxRunOptions {
  script: string;
  env?: Record<string, string>;
  vus?: number;
  iterations?: number;
  duration?: string;
  summaryTrendStats?: string[];
  noThresholds?: boolean;
  quiet?: boolean;
  executionSegment?: string;
  executionSegmentSequence?: string;
  /** Working directory of the run (and its PWD): handleSummary file paths are relative to it. */
  cwd?: string;
  /** Kill the run after this many ms (default 60 000); the result then has exit code -1. */
  timeoutMs?: number;
  /** Pass this process's environment into __ENV, as `k6 run` does by default (default true). */
  includeSystemEnv?: boolean;
}

export interface SandboxRunResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

const CLI = fileURLToPath(new URL('./cli.ts', import.meta.url));
const TSX = import.meta.resolve('tsx');

/** The node arguments `npm run sandbox` uses, for spawning the CLI from anywhere. */
export const SANDBOX_NODE_ARGS = [
  '--experimental-vm-modules',
  '--disable-warning=ExperimentalWarning',
  '--import',
  TSX,
  CLI,
];

export function sandboxArgs(options: SandboxRunOptions): string[] {
  const args = ['run', options.script];
  for (const [key, value] of Object.entries(options.env ?? {})) args.push('-e', `${key}=${value}`);
  if (options.vus !== undefined) args.push('--vus', String(options.vus));
  if (options.iterations !== undefined) args.push('--iterations', String(options.iterations));
  if (options.duration !== undefined) args.push('--duration', options.duration);
  if (options.summaryTrendStats) args.push('--summary-trend-stats', options.summaryTrendStats.join(','));
  if (options.noThresholds) args.push('--no-thresholds');
  if (options.quiet) args.push('--quiet');
  if (options.executionSegment !== undefined) args.push('--execution-segment', options.executionSegment);
  if (options.executionSegmentSequence !== undefined) {
    args.push('--execution-segment-sequence', options.executionSegmentSequence);
  }
  if (options.includeSystemEnv === false) args.push('--include-system-env-vars=false');
  return args;
}

/**
 * What to start for `options`: the sandbox CLI, or — with `k6Binary` — that real k6 with the same
 * `k6 run` flags and its usage report off. As a shell's `cd <cwd> && k6 run …`: PWD names the working
 * folder (the benchmark resolves relative paths against __ENV.PWD).
 */
export function runSpec(
  options: SandboxRunOptions,
  k6Binary?: string,
): { command: string; args: string[]; cwd: string; env: NodeJS.ProcessEnv } {
  const cwd = options.cwd ?? process.cwd();
  const env = { ...process.env, PWD: cwd };
  if (k6Binary === undefined)
    return { command: process.execPath, args: [...SANDBOX_NODE_ARGS, ...sandboxArgs(options)], cwd, env };
  return { command: k6Binary, args: sandboxArgs(options), cwd, env: k6Environment(env) };
}

export function runSandbox(options: SandboxRunOptions, k6Binary?: string): Promise<SandboxRunResult> {
  return new Promise((resolve, reject) => {
    const { command, args, cwd, env } = runSpec(options, k6Binary);
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    const timer = setTimeout(() => {
      stderr += `\n${k6Binary ?? 'sandbox'}: killed after ${options.timeoutMs ?? 60_000} ms\n`;
      child.kill('SIGKILL');
    }, options.timeoutMs ?? 60_000);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ exitCode: code ?? -1, stdout, stderr });
    });
  });
}
