// `npm run smoke`: the whole suite on the embedded default, with no Appwrite and no k6 needed.
// Builds the bundles, starts the Appwrite emulator on a free loopback port, runs dist/appwrite.js with
// PROFILE=smoke through k6 when it is on the PATH (else through the k6 sandbox), and exits with the run's code.
// Extra arguments are passed to the runner, e.g. `npm run smoke -- -e SCENARIOS=reads`.
import { spawn, spawnSync } from 'node:child_process';
import { startEmulator } from '../emulator/index.ts';
import { SANDBOX_NODE_ARGS } from '../sandbox/index.ts';
import { k6Environment } from './k6-env.ts';
import { findRunner, producerEnv } from './run-suite.ts';

function run(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolve) => {
    // k6Environment: no usage report to Grafana unless the user asked for one (README, "No phone-home").
    const child = spawn(command, args, { stdio: 'inherit', env: k6Environment(env) });
    const forward = (signal: NodeJS.Signals) => child.kill(signal);
    process.once('SIGINT', forward);
    process.once('SIGTERM', forward);
    child.on('exit', (code, signal) => {
      process.off('SIGINT', forward);
      process.off('SIGTERM', forward);
      resolve(code ?? (signal ? 105 : 1));
    });
  });
}

async function main(): Promise<number> {
  // SMOKE_BUILD=skip reuses dist/ as it is (tests set it, so they never rewrite a bundle other tests read).
  if (process.env.SMOKE_BUILD !== 'skip') {
    const build = spawnSync(process.execPath, ['esbuild.config.mjs'], { stdio: 'inherit' });
    if (build.status !== 0) return build.status ?? 1;
  }

  const emulator = await startEmulator({ port: 0 });
  try {
    // Credentials travel in the child's environment, never on its command line: both k6 and the
    // sandbox copy the process environment into __ENV (k6 run --include-system-env-vars defaults to true).
    const runner = findRunner();
    // producerEnv: the record names its runner (k6 or the sandbox) and machine, as ab and bench:verdicts do.
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      ...producerEnv(runner),
      APPWRITE_ENDPOINT: emulator.url,
      APPWRITE_PROJECT_ID: emulator.projectId,
      APPWRITE_API_KEY: emulator.apiKey,
      PROFILE: process.env.PROFILE ?? 'smoke',
    };
    const extra = process.argv.slice(2);
    const k6 = runner.kind === 'k6' ? runner.path : null;
    console.log(
      `smoke: emulator at ${emulator.url}; running dist/appwrite.js through ${k6 ? 'k6' : 'the k6 sandbox'}`,
    );
    return k6
      ? await run(k6, ['run', ...extra, 'dist/appwrite.js'], env)
      : await run(process.execPath, [...SANDBOX_NODE_ARGS, 'run', ...extra, 'dist/appwrite.js'], env);
  } finally {
    await emulator.close();
  }
}

process.exitCode = await main();
