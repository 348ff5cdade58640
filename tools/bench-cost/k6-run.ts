// The part of bench:cost that needs a real k6: the built bundle run by k6 (usage report off) against the
// Appwrite emulator on loopback, one workload at a time, and k6's own CPU time per 1,000 requests.
// The k6 process's CPU is read as this process's reaped-children time (/proc/self/stat cutime + cstime,
// proc(5)): k6 starts no processes of its own, and nothing else is started while it runs. Two bounded runs
// per workload, a short and a long one, and the difference between them: what k6 start-up, init, setup
// (pool users, seed rows) and teardown cost is the same in both and drops out.
import { spawn, spawnSync } from 'node:child_process';
import { accessSync, constants, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmulator } from '../../emulator/index.ts';
import { k6Environment } from '../k6-env.ts';
import { findRunner } from '../run-suite.ts';

export class K6RunError extends Error {
  override name = 'K6RunError' as const;
}

export interface K6Binary {
  path: string;
  /** Where it was found: K6_BIN, or the first `k6` on the PATH. */
  from: 'K6_BIN' | 'PATH';
}

/** K6_BIN when set (it must be an executable), else the first `k6` on the PATH, else null. */
export function findK6(
  env: NodeJS.ProcessEnv,
  onPath: () => string | null = () => {
    const runner = findRunner();
    return runner.kind === 'k6' ? runner.path : null;
  },
  executable: (path: string) => boolean = (path) => {
    try {
      accessSync(path, constants.X_OK);
      return true;
    } catch {
      return false;
    }
  },
): K6Binary | null {
  const bin = env.K6_BIN;
  if (bin !== undefined && bin !== '') {
    if (!executable(bin)) throw new K6RunError(`K6_BIN: expected the path of an executable k6, got ${bin}`);
    return { path: bin, from: 'K6_BIN' };
  }
  const found = onPath();
  return found === null ? null : { path: found, from: 'PATH' };
}

/**
 * Seconds of CPU (user + system) of this process's reaped children, from the text of /proc/self/stat.
 * Fields 16 and 17 (cutime, cstime) in clock ticks; the command name (field 2) is in parentheses and may
 * itself hold spaces or parentheses, so fields are counted after the last `)`.
 */
export function childCpuSeconds(statText: string, ticksPerSecond: number): number {
  const end = statText.lastIndexOf(')');
  const fields =
    end < 0
      ? []
      : statText
          .slice(end + 1)
          .trim()
          .split(/\s+/);
  // After the name: field 3 (state) is fields[0], so field n is fields[n - 3].
  const [cutime, cstime] = [Number(fields[13]), Number(fields[14])];
  if (!Number.isInteger(cutime) || !Number.isInteger(cstime)) {
    throw new K6RunError(
      `/proc/self/stat: expected the fields cutime and cstime after the command name, got ${statText.slice(0, 120)}`,
    );
  }
  return (cutime + cstime) / ticksPerSecond;
}

/** http_reqs' count from k6's `--summary-export` file (the legacy format: `metrics.http_reqs.count`). */
export function requestsOf(summaryExport: string, file: string): number {
  let parsed: unknown;
  try {
    parsed = JSON.parse(summaryExport);
  } catch {
    throw new K6RunError(`${file}: expected k6's summary export (JSON), got ${summaryExport.slice(0, 60)}`);
  }
  const metrics = (parsed as { metrics?: Record<string, { count?: unknown }> } | null)?.metrics;
  const count = metrics?.http_reqs?.count;
  if (typeof count !== 'number' || !Number.isInteger(count) || count < 0) {
    throw new K6RunError(
      `${file}: expected metrics.http_reqs.count, a whole number of requests, got ${JSON.stringify(count)}`,
    );
  }
  return count;
}

export interface RunCost {
  cpuSeconds: number;
  requests: number;
}

/** k6's CPU seconds per 1,000 requests over what the long run sent beyond the short one. */
export function cpuPerThousand(short: RunCost, long: RunCost): number {
  const requests = long.requests - short.requests;
  if (requests <= 0) {
    throw new K6RunError(
      `k6 runs: expected the long run to send more requests than the short one, got ${long.requests} and ${short.requests}`,
    );
  }
  return ((long.cpuSeconds - short.cpuSeconds) / requests) * 1000;
}

/** Clock ticks per second for /proc times (`getconf CLK_TCK`; 100 on Linux unless built otherwise). */
export function clockTicks(): number {
  const out = spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' });
  const ticks = Number(out.stdout?.trim());
  return Number.isInteger(ticks) && ticks > 0 ? ticks : 100;
}

function readChildCpu(ticks: number): number {
  let text: string;
  try {
    text = readFileSync('/proc/self/stat', 'utf8');
  } catch {
    throw new K6RunError("k6's CPU time is read from /proc/self/stat: expected Linux, got no /proc");
  }
  return childCpuSeconds(text, ticks);
}

export interface K6Options {
  workloads: readonly string[];
  shortIterations: number;
  longIterations: number;
  rounds: number;
  /** Each k6 run is stopped after this long. */
  timeoutMs: number;
}

export interface K6Result {
  workload: string;
  /** Median over rounds. */
  cpuSecondsPer1000: number;
  /** Requests of the long run beyond the short one, in the last round. */
  requests: number;
}

function runOnce(
  k6: K6Binary,
  env: NodeJS.ProcessEnv,
  iterations: number,
  dir: string,
  timeoutMs: number,
  ticks: number,
): Promise<RunCost> {
  const exportFile = join(dir, `summary-${iterations}.json`);
  const args = ['run', '--quiet', '--vus', '1', '--iterations', String(iterations)];
  args.push('--summary-export', exportFile, 'dist/appwrite.js');
  const cpu0 = readChildCpu(ticks);
  return new Promise((resolve, reject) => {
    const child = spawn(k6.path, args, { env: k6Environment(env), stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-600);
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(new K6RunError(`${k6.path}: could not start (${error.message})`));
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      // 99: thresholds failed, which a bounded run of one VU may well do; the figures still hold.
      if (signal !== null || (code !== 0 && code !== 99)) {
        const how = signal === 'SIGKILL' ? `stopped after ${timeoutMs} ms` : `exit ${code ?? signal}`;
        reject(
          new K6RunError(`k6 run (${iterations} iterations): ${how}; ${stderr.trim().split('\n').pop()}`),
        );
        return;
      }
      try {
        const requests = requestsOf(readFileSync(exportFile, 'utf8'), exportFile);
        resolve({ cpuSeconds: readChildCpu(ticks) - cpu0, requests });
      } catch (error) {
        reject(error);
      }
    });
  });
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] ?? 0) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
};

/**
 * Every workload through k6 against a fresh emulator (loopback, abuse limits off on both sides, so the
 * bounded runs are not paced by write budgets), short and long run alternating, `rounds` times.
 */
export async function measureK6(k6: K6Binary, options: K6Options): Promise<K6Result[]> {
  const ticks = clockTicks();
  const results: K6Result[] = [];
  for (const workload of options.workloads) {
    const emulator = await startEmulator({ port: 0, abuse: 'disabled' });
    const dir = mkdtempSync(join(tmpdir(), 'bench-cost-k6-'));
    try {
      // Credentials travel in the environment, never on k6's command line.
      const env: NodeJS.ProcessEnv = {
        ...process.env,
        APPWRITE_ENDPOINT: emulator.url,
        APPWRITE_PROJECT_ID: emulator.projectId,
        APPWRITE_API_KEY: emulator.apiKey,
        PROFILE: 'smoke',
        SCENARIOS: workload,
        ABUSE: 'disabled',
        RESULTS_DIR: dir,
      };
      const samples: number[] = [];
      let requests = 0;
      for (let round = 0; round < options.rounds; round++) {
        const short = await runOnce(k6, env, options.shortIterations, dir, options.timeoutMs, ticks);
        const long = await runOnce(k6, env, options.longIterations, dir, options.timeoutMs, ticks);
        samples.push(cpuPerThousand(short, long));
        requests = long.requests - short.requests;
      }
      results.push({ workload, cpuSecondsPer1000: median(samples), requests });
    } finally {
      await emulator.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }
  return results;
}
