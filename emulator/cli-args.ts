// Command-line flags of `npm run emulator`, parsed into EmulatorOptions. Any mistake is a CliUsageError
// whose message names the flag, what it expects and what was given; the CLI prints it and exits 2.
import type { EmulatorOptions, FaultSettings } from './index.ts';

export class CliUsageError extends Error {
  override name = 'CliUsageError' as const;
}

export const USAGE = `Usage: npm run emulator -- [flags]
  --host ADDR                 listen address (default 127.0.0.1; other addresses only when given)
  --port N                    TCP port, 0 = any free port (default 0)
  --appwrite-version V        1.5.x, 1.6.x, 1.7.x, 1.8.x or 1.9.x (default 1.9.6)
  --abuse enabled|disabled    as _APP_OPTIONS_ABUSE (default enabled)
  --abuse-window-scale F      abuse windows and limits x F, 0 < F <= 1 (default 1)
  --latency-ms-route 'METHOD /v1/path=MS'   fixed latency on one route, all callers (repeatable)
  --project ID                project ID (default bench)
  --api-key SECRET            API key (default: random per start)
  --attribute-delay-ms N      how long new attributes/columns stay 'processing' (default 100)
  --latency-ms N              mean injected latency, +-50% jitter (default 0)
  --error-rate F              fraction 0..1 of requests answered 500/503 (default 0)
  --latency-ms-{auth,reads,writes} N, --error-rate-{auth,reads,writes} F   per route family
  --fault-callers all|clients  which requests faults hit: all (default) or those without an API key
  --max-body-bytes N          request body limit (default 1048576)
  --max-documents N           documents/rows per collection/table (default 100000)
  --help                      this text`;

type Setter = (options: EmulatorOptions, value: string, flag: string) => void;

function number(flag: string, value: string, min: number, max: number, integer: boolean): number {
  const n = value.trim() === '' ? Number.NaN : Number(value);
  if (!Number.isFinite(n) || n < min || n > max || (integer && !Number.isInteger(n))) {
    throw new CliUsageError(
      `${flag}: expected ${integer ? 'an integer' : 'a number'} between ${min} and ${max}, got \`${value}\``,
    );
  }
  return n;
}

function fault(family: 'auth' | 'reads' | 'writes' | undefined, field: keyof FaultSettings): Setter {
  return (options, value, flag) => {
    const n =
      field === 'latencyMs' ? number(flag, value, 0, 60_000, false) : number(flag, value, 0, 1, false);
    const faults = { ...options.faults };
    if (family === undefined) faults[field] = n;
    else faults[family] = { ...faults[family], [field]: n };
    options.faults = faults;
  };
}

const FLAGS: Record<string, Setter> = {
  '--host': (o, v, f) => {
    if (v.trim() === '') throw new CliUsageError(`${f}: expected an address, got \`${v}\``);
    o.host = v;
  },
  '--port': (o, v, f) => {
    o.port = number(f, v, 0, 65535, true);
  },
  '--appwrite-version': (o, v) => {
    o.appwriteVersion = v;
  },
  '--abuse': (o, v, f) => {
    if (v !== 'enabled' && v !== 'disabled')
      throw new CliUsageError(`${f}: expected enabled or disabled, got \`${v}\``);
    o.abuse = v;
  },
  '--project': (o, v) => {
    o.projectId = v;
  },
  '--api-key': (o, v, f) => {
    if (v === '') throw new CliUsageError(`${f}: expected a non-empty secret, got \`\``);
    o.apiKey = v;
  },
  '--attribute-delay-ms': (o, v, f) => {
    o.attributeDelayMs = number(f, v, 0, 3_600_000, true);
  },
  '--max-body-bytes': (o, v, f) => {
    o.limits = { ...o.limits, maxBodyBytes: number(f, v, 1, 1_073_741_824, true) };
  },
  '--max-documents': (o, v, f) => {
    o.limits = { ...o.limits, maxDocumentsPerCollection: number(f, v, 0, 100_000_000, true) };
  },
  '--fault-callers': (o, v, f) => {
    if (v !== 'all' && v !== 'clients')
      throw new CliUsageError(`${f}: expected all or clients, got \`${v}\``);
    o.faults = { ...o.faults, callers: v };
  },
  '--latency-ms-route': (o, v, f) => {
    const eq = v.lastIndexOf('=');
    if (eq <= 0) throw new CliUsageError(`${f}: expected METHOD /v1/path=MS, got \`${v}\``);
    o.routeLatencyMs = {
      ...o.routeLatencyMs,
      [v.slice(0, eq)]: number(f, v.slice(eq + 1), 0, 60_000, false),
    };
  },
  '--abuse-window-scale': (o, v, f) => {
    const scale = number(f, v, 0, 1, false);
    if (scale === 0) throw new CliUsageError(`${f}: expected a number above 0 and at most 1, got \`${v}\``);
    o.abuseWindowScale = scale;
  },
  '--latency-ms': fault(undefined, 'latencyMs'),
  '--error-rate': fault(undefined, 'errorRate'),
};
for (const family of ['auth', 'reads', 'writes'] as const) {
  FLAGS[`--latency-ms-${family}`] = fault(family, 'latencyMs');
  FLAGS[`--error-rate-${family}`] = fault(family, 'errorRate');
}

/** Parses argv (without node and script); returns 'help' for --help. */
export function parseCliArgs(argv: readonly string[]): EmulatorOptions | 'help' {
  const options: EmulatorOptions = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--help' || arg === '-h') return 'help';
    const eq = arg.indexOf('=');
    const flag = eq > 0 ? arg.slice(0, eq) : arg;
    const setter = FLAGS[flag];
    if (!flag.startsWith('--') || setter === undefined) {
      throw new CliUsageError(
        `unknown flag \`${flag}\`: expected one of ${Object.keys(FLAGS).join(', ')}, --help`,
      );
    }
    let value: string | undefined;
    if (eq > 0) value = arg.slice(eq + 1);
    else {
      value = argv[i + 1];
      if (value === undefined || value.startsWith('--'))
        throw new CliUsageError(`${flag}: expected a value, got none`);
      i++;
    }
    setter(options, value, flag);
  }
  return options;
}
