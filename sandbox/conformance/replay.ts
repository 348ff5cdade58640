// Replays one run of the k6 conformance corpus (../shared/fixtures/k6-conformance/README.md "How a run
// was made") through the sandbox or a real k6, and reads its outcome back the way the recorder did.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { k6Environment } from '../../tools/k6-env.ts';
import { SANDBOX_NODE_ARGS } from '../index.ts';

export interface RecordedRun {
  name: string;
  flags: string[];
  env: Record<string, string>;
  sigint_after_s: number | null;
  exit_code: number;
  lifecycle: Record<'setup' | 'teardown' | 'handleSummary', boolean | null>;
  markers: string[];
  summary_data: Record<string, unknown> | null;
  summary_data_blocks: number;
  stdout_other: string;
  log_errors: { level: string; msg: string }[];
  files: Record<string, { sha256: string }>;
}

export interface Outcome {
  script: string;
  k6_version: string;
  runs: RecordedRun[];
}

export interface Replay {
  exitCode: number;
  markers: string[];
  summaryData: Record<string, unknown> | null;
  stdoutOther: string;
  logErrors: { level: string; msg: string }[];
  files: Record<string, { sha256: string }>;
  stdout: string;
  stderr: string;
}

/** How to start a runner: the sandbox CLI, or a real k6 binary (K6_BIN). */
export interface Runner {
  name: string;
  command: string;
  args: string[];
}

export const SANDBOX_RUNNER: Runner = { name: 'sandbox', command: process.execPath, args: SANDBOX_NODE_ARGS };

/** How the outcome files spell the server address in flags. */
const BASE_URL_PLACEHOLDER = ['$', '{BASE_URL}'].join('');
const OPEN = '\n<<<SUMMARY_DATA\n';
const CLOSE = '\nSUMMARY_DATA>>>\n';

/** k6's logfmt value: a bare word or a Go-quoted string. */
function logfmtValue(rest: string): string {
  if (!rest.startsWith('"')) return rest.split(' ')[0] ?? '';
  let out = '';
  for (let i = 1; i < rest.length; i++) {
    const ch = rest[i];
    if (ch === '"') break;
    if (ch === '\\') {
      const next = rest[++i];
      out += next === 'n' ? '\n' : next === 't' ? '\t' : (next ?? '');
    } else out += ch;
  }
  return out;
}

function parseLogLine(line: string): { level: string; msg: string; source: string } | undefined {
  const level = /(?:^|\s)level=(\w+)/.exec(line)?.[1];
  const at = line.indexOf(' msg=');
  if (level === undefined || at < 0) return undefined;
  const msg = logfmtValue(line.slice(at + 5));
  return { level, msg, source: /\ssource=(\w+)/.exec(line)?.[1] ?? '' };
}

function filesIn(dir: string): Record<string, { sha256: string }> {
  const out: Record<string, { sha256: string }> = {};
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const path = join(d, name);
      if (statSync(path).isDirectory()) walk(path);
      else
        out[relative(dir, path)] = {
          sha256: createHash('sha256').update(readFileSync(path)).digest('hex'),
        };
    }
  };
  walk(dir);
  return out;
}

/** Runs `<runner> run -q -e BASE_URL=… <flags> ../scripts/<script>` in an empty folder next to the scripts' copy. */
export async function replay(
  runner: Runner,
  scriptsDir: string,
  script: string,
  run: RecordedRun,
  baseUrl: string,
  timeoutMs = 60_000,
): Promise<Replay> {
  const cwd = mkdtempSync(join(tmpdir(), 'k6-conformance-'));
  const flags = run.flags.map((flag) => flag.replaceAll(BASE_URL_PLACEHOLDER, baseUrl));
  const args = [...runner.args, 'run', ...flags, join(scriptsDir, script)];
  try {
    const { code, stdout, stderr } = await new Promise<{ code: number; stdout: string; stderr: string }>(
      (done, fail) => {
        const child = spawn(runner.command, args, {
          cwd,
          env: k6Environment({ ...process.env, PWD: cwd, ...run.env }),
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        let out = '';
        let err = '';
        child.stdout.setEncoding('utf8').on('data', (c: string) => {
          out += c;
        });
        child.stderr.setEncoding('utf8').on('data', (c: string) => {
          err += c;
        });
        // The signal's delay counts from the run's first marker (its setup()), not from the process
        // start: k6 starts in milliseconds, the sandbox's Node and VU threads take seconds on a busy
        // machine, and the corpus pins what the run did in its first 2.5 s.
        let sigint: ReturnType<typeof setTimeout> | undefined;
        const armSigint = () => {
          if (sigint !== undefined || run.sigint_after_s === null || run.sigint_after_s === undefined) return;
          sigint = setTimeout(() => child.kill('SIGINT'), run.sigint_after_s * 1000);
        };
        child.stderr.on('data', () => {
          if (err.includes('MARK ')) armSigint();
        });
        const kill = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
        child.on('error', fail);
        child.on('close', (c) => {
          clearTimeout(sigint);
          clearTimeout(kill);
          done({ code: c ?? -1, stdout: out, stderr: err });
        });
      },
    );
    const markers: string[] = [];
    const logErrors: { level: string; msg: string }[] = [];
    for (const line of stderr.split('\n')) {
      const parsed = parseLogLine(line);
      if (!parsed) continue;
      if (parsed.source === 'console' && parsed.msg.startsWith('MARK ')) markers.push(parsed.msg.slice(5));
      else if (parsed.level === 'error' || parsed.level === 'warning')
        logErrors.push({ level: parsed.level, msg: parsed.msg });
    }
    let summaryData: Record<string, unknown> | null = null;
    let stdoutOther = stdout;
    const open = stdout.indexOf(OPEN);
    const close = open < 0 ? -1 : stdout.indexOf(CLOSE, open);
    if (open >= 0 && close >= 0) {
      summaryData = JSON.parse(stdout.slice(open + OPEN.length, close)) as Record<string, unknown>;
      stdoutOther = stdout.slice(0, open) + stdout.slice(close + CLOSE.length);
    }
    return {
      exitCode: code,
      markers,
      summaryData,
      stdoutOther,
      logErrors,
      files: filesIn(cwd),
      stdout,
      stderr,
    };
  } finally {
    rmSync(cwd, { recursive: true, force: true });
  }
}
