// `npm run emulator -- [flags]`: starts the emulator and prints, one KEY=value per line on stdout, the
// endpoint, project ID and API key (issue 3 asks for all three; the key is a local throwaway secret,
// random per start unless --api-key is given). Bad flags: one line on stderr, exit code 2.
import { CliUsageError, parseCliArgs, USAGE } from './cli-args.ts';
import { UnsupportedVersionError } from './dialect.ts';
import { EmulatorOptionsError, startEmulator } from './index.ts';

async function main(): Promise<number> {
  let parsed: ReturnType<typeof parseCliArgs>;
  try {
    parsed = parseCliArgs(process.argv.slice(2));
  } catch (error) {
    if (error instanceof CliUsageError) {
      process.stderr.write(`emulator: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
  if (parsed === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  let emulator: Awaited<ReturnType<typeof startEmulator>>;
  try {
    emulator = await startEmulator(parsed);
  } catch (error) {
    if (error instanceof UnsupportedVersionError || error instanceof EmulatorOptionsError) {
      process.stderr.write(`emulator: ${error.message}\n`);
      return 2;
    }
    process.stderr.write(
      `emulator: could not start: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    return 1;
  }
  process.stdout.write(
    `APPWRITE_ENDPOINT=${emulator.url}\nAPPWRITE_PROJECT_ID=${emulator.projectId}\nAPPWRITE_API_KEY=${emulator.apiKey}\n`,
  );
  const stop = (): void => {
    emulator.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  // `npm run emulator` runs us under `sh -c`; npm 11 does not pass SIGTERM down to this process, so
  // when the launching process goes away (we get re-parented) we stop too rather than keep the port.
  const parent = process.ppid;
  setInterval(() => {
    if (process.ppid !== parent) stop();
  }, 500).unref();
  return -1;
}

main().then(
  (code) => {
    if (code >= 0) process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`emulator: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
