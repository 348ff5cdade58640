// Command-line flags of `sandbox run`, spelled as `k6 run`'s (grafana/k6 internal/cmd/options.go,
// runtime_options.go). Unknown or malformed flags are a FlagError (exit 255, as k6's os.Exit(-1)).
import { parseDuration } from './durations.ts';
import { FlagError } from './errors.ts';

export interface Flags {
  script: string;
  env: Record<string, string>;
  vus?: number;
  iterations?: number;
  durationMs?: number;
  summaryTrendStats?: string[];
  noThresholds: boolean;
  quiet: boolean;
  executionSegment?: string;
  executionSegmentSequence?: string;
  includeSystemEnv: boolean;
  summaryExport?: string;
}

export const USAGE = `usage: sandbox run <script.js> [flags]
  -e, --env KEY=VALUE              add an environment variable to __ENV (repeatable; wins over the system env)
      --include-system-env-vars    pass the system environment to __ENV (default true, as k6 run)
      --vus N                      VUs (overrides the script's vus)
  -i, --iterations N               shared iterations (replaces the script's scenarios)
  -d, --duration D                 test duration such as 30s (replaces the script's scenarios)
      --summary-trend-stats LIST   e.g. avg,min,med,max,p(90),p(95),p(99)
      --no-thresholds              do not evaluate thresholds
      --summary-export PATH        also write k6's legacy summary JSON to PATH
  -q, --quiet                      no progress line
      --execution-segment S        e.g. 1/4:1/2
      --execution-segment-sequence Q e.g. 0,1/4,1/2,3/4,1
exit codes: 0 ok, 99 thresholds failed, 104 invalid options, 107 script error, 108 test.abort(), 255 bad flags`;

function integer(flag: string, value: string | undefined): number {
  if (value === undefined || !/^\d+$/.test(value))
    throw new FlagError(
      `invalid ${flag}: expected a non-negative integer, got ${value === undefined ? 'nothing' : `"${value}"`}`,
    );
  return Number(value);
}

const TREND_STAT = /^(avg|min|med|max|count|p\(\d+(\.\d+)?\))$/;

export function parseFlags(argv: string[]): Flags {
  const [command, ...rest] = argv;
  if (command !== 'run') throw new FlagError(`unknown command "${command ?? ''}": expected "run"\n${USAGE}`);
  const flags: Flags = { script: '', env: {}, noThresholds: false, quiet: false, includeSystemEnv: true };
  for (let i = 0; i < rest.length; i++) {
    const raw = rest[i] as string;
    const eq = raw.startsWith('--') ? raw.indexOf('=') : -1;
    const name = eq > 0 ? raw.slice(0, eq) : raw;
    const inline = eq > 0 ? raw.slice(eq + 1) : undefined;
    const value = () => {
      if (inline !== undefined) return inline;
      i++;
      if (i >= rest.length) throw new FlagError(`flag ${name} needs a value`);
      return rest[i] as string;
    };
    switch (name) {
      case '-e':
      case '--env': {
        const pair = value();
        const at = pair.indexOf('=');
        if (at < 1) throw new FlagError(`invalid ${name} "${pair}": expected KEY=VALUE`);
        flags.env[pair.slice(0, at)] = pair.slice(at + 1);
        break;
      }
      case '-u':
      case '--vus':
        flags.vus = integer(name, value());
        break;
      case '-i':
      case '--iterations':
        flags.iterations = integer(name, value());
        break;
      case '-d':
      case '--duration':
        try {
          flags.durationMs = parseDuration(value(), name);
        } catch (error) {
          throw new FlagError(error instanceof Error ? error.message : String(error));
        }
        break;
      case '--summary-trend-stats': {
        const stats = value()
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean);
        const bad = stats.find((s) => !TREND_STAT.test(s));
        if (bad !== undefined)
          throw new FlagError(
            `invalid --summary-trend-stats entry "${bad}": expected avg, min, med, max, count or p(N)`,
          );
        flags.summaryTrendStats = stats;
        break;
      }
      case '--summary-export':
        flags.summaryExport = value();
        break;
      case '--no-thresholds':
        flags.noThresholds = true;
        break;
      case '-q':
      case '--quiet':
        flags.quiet = true;
        break;
      case '--include-system-env-vars':
        flags.includeSystemEnv = inline === undefined ? true : inline !== 'false';
        break;
      case '--execution-segment':
        flags.executionSegment = value();
        break;
      case '--execution-segment-sequence':
        flags.executionSegmentSequence = value();
        break;
      default:
        if (raw.startsWith('-')) throw new FlagError(`unknown flag: ${raw}\n${USAGE}`);
        if (flags.script)
          throw new FlagError(`only one script can be run, got "${flags.script}" and "${raw}"`);
        flags.script = raw;
    }
  }
  if (!flags.script) throw new FlagError(`no script given\n${USAGE}`);
  return flags;
}
