// `npm run sandbox -- run dist/appwrite.js [flags]`: runs a k6 script in the sandbox, exits as k6 would.
import { existsSync } from 'node:fs';
import { EXIT, FlagError } from './errors.ts';
import { parseFlags } from './flags.ts';
import { runTest } from './runner.ts';

async function main(): Promise<number> {
  let flags: ReturnType<typeof parseFlags>;
  try {
    flags = parseFlags(process.argv.slice(2));
    if (!existsSync(flags.script)) throw new FlagError(`script not found: ${flags.script}`);
  } catch (error) {
    if (!(error instanceof FlagError)) throw error;
    process.stderr.write(`sandbox: ${error.message}\n`);
    return EXIT.badFlags;
  }
  // Like `k6 run`, the system environment is in __ENV unless --include-system-env-vars=false; -e wins.
  const env: Record<string, string> = {};
  if (flags.includeSystemEnv)
    for (const [k, v] of Object.entries(process.env)) if (v !== undefined) env[k] = v;
  Object.assign(env, flags.env);
  // The first SIGINT/SIGTERM stops the test gracefully; a second one ends the process at once with
  // k6's ExternalAbort code, as k6 does (grafana/k6 cmd/run.go "Aborting k6 in response to signal").
  const interrupt = new AbortController();
  const onSignal = () => {
    if (!interrupt.signal.aborted) interrupt.abort();
    else process.exit(EXIT.externalAbort);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    return await runTest({
      script: flags.script,
      env,
      noThresholds: flags.noThresholds,
      quiet: flags.quiet,
      stdout: process.stdout,
      stderr: process.stderr,
      signal: interrupt.signal,
      isStdOutTTY: process.stdout.isTTY === true,
      isStdErrTTY: process.stderr.isTTY === true,
      noColor: process.env.NO_COLOR !== undefined,
      ...(flags.vus !== undefined ? { vus: flags.vus } : {}),
      ...(flags.summaryExport !== undefined ? { summaryExport: flags.summaryExport } : {}),
      ...(flags.iterations !== undefined ? { iterations: flags.iterations } : {}),
      ...(flags.durationMs !== undefined ? { durationMs: flags.durationMs } : {}),
      ...(flags.summaryTrendStats ? { summaryTrendStats: flags.summaryTrendStats } : {}),
      ...(flags.executionSegment !== undefined ? { executionSegment: flags.executionSegment } : {}),
      ...(flags.executionSegmentSequence !== undefined
        ? { executionSegmentSequence: flags.executionSegmentSequence }
        : {}),
    });
  } catch (error) {
    if (error instanceof FlagError) {
      process.stderr.write(`sandbox: ${error.message}\n`);
      return EXIT.badFlags;
    }
    process.stderr.write(
      `sandbox: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    return EXIT.scriptException;
  }
}

const code = await main();
process.exitCode = code;
// Normally nothing is left and the process ends by itself. Should a bug leave a VU thread or socket
// behind, exit anyway once stdout and stderr are flushed, instead of hanging the caller.
await Promise.all(
  [process.stdout, process.stderr].map(
    (stream) => new Promise<void>((done) => stream.write('', () => done())),
  ),
);
setTimeout(() => process.exit(code), 1000).unref();
