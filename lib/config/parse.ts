// Parses and validates every setting of the benchmark from an environment map. Pure (no k6, no Node), so
// it is unit-tested in Node; lib/config/env.ts feeds it k6's environment variables. One typed error, one line: the
// variable, what is allowed, what was given (secrets are described, never echoed).

import { type ApiFamily, isSupported, parseServerVersion, SUPPORTED_VERSIONS } from '../api/version.ts';
import type { Producer, ProfileName, WorkloadName } from '../contract/run-plan.ts';
import { endpointHostOf, isLoopbackHost, parseEndpoint } from './endpoint-url.ts';

/** Control characters escaped, so the message stays on one line whatever was given. */
function printable(text: string): string {
  let out = '';
  for (const char of text) {
    const code = char.charCodeAt(0);
    out += code < 0x20 || code === 0x7f ? `\\u${code.toString(16).padStart(4, '0')}` : char;
  }
  return out;
}

export class InvalidConfigError extends Error {
  override name = 'InvalidConfigError' as const;
  readonly variable: string;
  constructor(variable: string, expected: string, given: string | undefined, reason?: string) {
    const got = given === undefined ? 'nothing' : `\`${printable(given)}\``;
    super(`invalid ${variable}: expected ${expected}, got ${got}${reason ? ` (${reason})` : ''}`);
    this.variable = variable;
  }
}

export const PROFILES = [
  'smoke',
  'normal',
  'heavy',
  'blog',
  'stress',
  'soak',
] as const satisfies readonly ProfileName[];
export const WORKLOADS = ['auth', 'writes', 'reads', 'limits'] as const satisfies readonly WorkloadName[];
/**
 * Profiles that put sustained load on the server: refused off loopback unless ALLOW_REMOTE_LOAD=true.
 * Every profile with a heavy phase (500 VUs, or stress's ramp to 32×) is here, `blog` (the default) included;
 * lib/profiles/index.test.ts checks this list against the profiles' phases.
 */
export const LOAD_PROFILES: readonly ProfileName[] = ['heavy', 'blog', 'stress', 'soak'];

export interface Config {
  /** API root without trailing slash, e.g. `http://localhost/v1`. */
  endpoint: string;
  /** `host[:port]/path` without credentials, for reports. */
  endpointHost: string;
  projectId: string;
  /** Secret: provisioning and cleanup only. */
  apiKey: string;
  /** APPWRITE_VERSION, or `null` to probe `/v1/health/version` in setup. */
  serverVersion: string | null;
  profile: ProfileName;
  workloads: readonly WorkloadName[];
  abuse: 'enabled' | 'disabled';
  clientIps: 'per-vu' | 'single';
  /** Absolute path of the previous result file, or `null`. */
  baselinePath: string | null;
  /** Absolute path of a latency targets file, or `null` for the defaults. */
  targetsPath: string | null;
  resultsDir: string;
  /** RUN_ID, or `null` to generate one in setup (init code runs once per VU, so it cannot generate it). */
  runId: string | null;
  label: string | null;
  allowRemoteLoad: boolean;
  /** Iterations per workload VU of PROFILE=smoke (SMOKE_ITERATIONS); other profiles ignore it. */
  smokeIterations: number;
  producer?: Producer;
  /** Reserved for a future setting that keeps the Databases API on 1.8+; not configurable yet. */
  apiPreference?: ApiFamily;
}

/** The defaults documented in the README's Configuration table. */
export const DEFAULTS = {
  APPWRITE_ENDPOINT: 'http://localhost/v1',
  PROFILE: 'blog',
  SCENARIOS: 'auth,writes,reads',
  ABUSE: 'enabled',
  CLIENT_IPS: 'per-vu',
  RESULTS_DIR: 'results',
  ALLOW_REMOTE_LOAD: 'false',
  SMOKE_ITERATIONS: '3',
} as const;

/** Enough for a short repeatable measurement (npm run bench:verdicts), few enough to stay a smoke run. */
export const MAX_SMOKE_ITERATIONS = 1000;

// Appwrite custom ids: a-z, A-Z, 0-9, period, hyphen, underscore; no leading special char; max 36.
const PROJECT_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,35}$/;
/** RUN_ID goes into resource ids (36 chars at most, with prefix and instance suffix) and file names. */
export const RUN_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,19}$/;

type Env = Record<string, string | undefined>;

/** An empty value counts as unset, so `-e BASELINE=` clears a variable set elsewhere. */
function read(env: Env, name: string): string | undefined {
  const value = env[name];
  return value === undefined || value === '' ? undefined : value;
}

function oneOf<T extends string>(env: Env, name: string, allowed: readonly T[], fallback: T): T {
  const value = read(env, name) ?? fallback;
  if (!(allowed as readonly string[]).includes(value)) {
    throw new InvalidConfigError(name, `one of ${allowed.join(', ')}`, value);
  }
  return value as T;
}

function describeSecret(value: string): string {
  return `a value of ${value.length} characters`;
}

function parseWorkloads(env: Env): WorkloadName[] {
  const raw = read(env, 'SCENARIOS') ?? DEFAULTS.SCENARIOS;
  const expected = `a comma-separated list of ${WORKLOADS.join(', ')} without repeats`;
  const names = raw.split(',').map((name) => name.trim());
  const seen = new Set<string>();
  for (const name of names) {
    if (!(WORKLOADS as readonly string[]).includes(name) || seen.has(name)) {
      throw new InvalidConfigError('SCENARIOS', expected, raw);
    }
    seen.add(name);
  }
  // Keep a fixed order so scenario tables and reports do not depend on how the list was typed.
  return WORKLOADS.filter((name) => seen.has(name));
}

const ABSOLUTE_PATH = /^(?:\/|[A-Za-z]:[\\/]|\\\\)/;

/**
 * k6's open() resolves relative paths against the script's folder (k6.md §5); users expect the folder
 * k6 was started in. `k6 run` passes system environment variables to the script by default, so PWD is there.
 */
export function resolveFromStartFolder(variable: string, path: string, pwd: string | undefined): string {
  if (ABSOLUTE_PATH.test(path)) return path;
  if (pwd === undefined || !ABSOLUTE_PATH.test(pwd)) {
    throw new InvalidConfigError(
      variable,
      'an absolute path',
      path,
      'PWD is not set, so a relative path cannot be resolved against the folder k6 was started in',
    );
  }
  const parts: string[] = [];
  for (const part of `${pwd}/${path}`.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') parts.pop();
    else parts.push(part);
  }
  return `/${parts.join('/')}`;
}

function parseBoolean(env: Env, name: string, fallback: 'true' | 'false'): boolean {
  return oneOf(env, name, ['true', 'false'], fallback) === 'true';
}

function hasControlCharacter(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x20 || code === 0x7f) return true;
  }
  return false;
}

/** Validates every variable; throws InvalidConfigError naming the first invalid one. */
export function parseConfig(env: Env): Config {
  const endpointText = read(env, 'APPWRITE_ENDPOINT') ?? DEFAULTS.APPWRITE_ENDPOINT;
  const endpoint = parseEndpoint(endpointText);
  if (!endpoint) {
    throw new InvalidConfigError(
      'APPWRITE_ENDPOINT',
      'an http(s) URL without query or fragment, such as http://localhost/v1',
      endpointText,
    );
  }
  if (!endpoint.path.endsWith('/v1')) {
    throw new InvalidConfigError(
      'APPWRITE_ENDPOINT',
      'the API root ending in /v1, such as http://localhost/v1',
      endpointText,
    );
  }
  if (endpoint.hasCredentials) {
    throw new InvalidConfigError(
      'APPWRITE_ENDPOINT',
      'a URL without user info (Appwrite authenticates with APPWRITE_API_KEY and sessions)',
      `${endpoint.scheme}://…@${endpointHostOf(endpoint)}`,
    );
  }

  const projectId = read(env, 'APPWRITE_PROJECT_ID');
  if (projectId === undefined || !PROJECT_ID.test(projectId) || projectId === 'console') {
    throw new InvalidConfigError(
      'APPWRITE_PROJECT_ID',
      'the id of an existing project (1–36 of a-z A-Z 0-9 . - _, not starting with . - _, not `console`)',
      projectId,
    );
  }

  const apiKey = read(env, 'APPWRITE_API_KEY');
  if (apiKey === undefined || /\s/.test(apiKey)) {
    throw new InvalidConfigError(
      'APPWRITE_API_KEY',
      'an API key secret of the project with scopes users.read, users.write, databases.write, collections.write, tables.write, documents.write, rows.write',
      apiKey === undefined ? undefined : `${describeSecret(apiKey)} containing whitespace`,
    );
  }

  const versionText = read(env, 'APPWRITE_VERSION');
  if (versionText !== undefined) {
    const version = parseServerVersion(versionText);
    if (!version || !isSupported(version)) {
      throw new InvalidConfigError(
        'APPWRITE_VERSION',
        `a server version from ${SUPPORTED_VERSIONS}`,
        versionText,
      );
    }
  }

  const profile = oneOf(env, 'PROFILE', PROFILES, DEFAULTS.PROFILE);
  const workloads = parseWorkloads(env);
  const abuse = oneOf(env, 'ABUSE', ['enabled', 'disabled'], DEFAULTS.ABUSE);
  if (workloads.includes('limits') && abuse === 'disabled') {
    throw new InvalidConfigError(
      'SCENARIOS',
      'no `limits` when ABUSE=disabled',
      read(env, 'SCENARIOS'),
      'limits checks the server’s abuse control, which ABUSE=disabled says is off',
    );
  }
  const clientIps = oneOf(env, 'CLIENT_IPS', ['per-vu', 'single'], DEFAULTS.CLIENT_IPS);
  const allowRemoteLoad = parseBoolean(env, 'ALLOW_REMOTE_LOAD', DEFAULTS.ALLOW_REMOTE_LOAD);

  if (LOAD_PROFILES.includes(profile) && !allowRemoteLoad && !isLoopbackHost(endpoint.hostname)) {
    throw new InvalidConfigError(
      'ALLOW_REMOTE_LOAD',
      `\`true\` to run PROFILE=${profile} against ${endpoint.host}`,
      read(env, 'ALLOW_REMOTE_LOAD'),
      `${LOAD_PROFILES.join(', ')} put sustained load on the server and ${endpoint.hostname} is not loopback; set ALLOW_REMOTE_LOAD=true only for a server you own and may load`,
    );
  }

  const pwd = read(env, 'PWD');
  const baseline = read(env, 'BASELINE');
  const targets = read(env, 'TARGETS');

  const resultsDir = (read(env, 'RESULTS_DIR') ?? DEFAULTS.RESULTS_DIR).replace(/(.)\/+$/, '$1');
  if (hasControlCharacter(resultsDir)) {
    throw new InvalidConfigError('RESULTS_DIR', 'a folder path on one line', resultsDir);
  }

  const runId = read(env, 'RUN_ID') ?? null;
  if (runId !== null && !RUN_ID_PATTERN.test(runId)) {
    throw new InvalidConfigError(
      'RUN_ID',
      '1–20 of a-z A-Z 0-9 - _, starting with a letter or digit (it goes into resource ids and file names)',
      runId,
    );
  }

  const label = read(env, 'LABEL') ?? null;
  if (label !== null && (label.length > 64 || !/^[^|]+$/.test(label) || hasControlCharacter(label))) {
    throw new InvalidConfigError('LABEL', 'up to 64 printable characters without `|`', label);
  }

  const smokeText = read(env, 'SMOKE_ITERATIONS') ?? DEFAULTS.SMOKE_ITERATIONS;
  const smokeIterations = /^[0-9]{1,4}$/.test(smokeText) ? Number(smokeText) : Number.NaN;
  if (!(smokeIterations >= 1 && smokeIterations <= MAX_SMOKE_ITERATIONS)) {
    throw new InvalidConfigError(
      'SMOKE_ITERATIONS',
      `a whole number from 1 to ${MAX_SMOKE_ITERATIONS}`,
      smokeText,
    );
  }

  return {
    endpoint: `${endpoint.scheme}://${endpoint.host}${endpoint.path}`,
    endpointHost: endpointHostOf(endpoint),
    projectId,
    apiKey,
    serverVersion: versionText ?? null,
    profile,
    workloads,
    abuse,
    clientIps,
    baselinePath: baseline === undefined ? null : resolveFromStartFolder('BASELINE', baseline, pwd),
    targetsPath: targets === undefined ? null : resolveFromStartFolder('TARGETS', targets, pwd),
    resultsDir,
    runId,
    label,
    allowRemoteLoad,
    smokeIterations,
    producer: producerOf(env, isLoopbackHost(endpoint.hostname)),
  };
}

/** Runner and machine facts the starting tool passes in (tools/run-suite.ts); unknown ones stay null. */
function producerOf(env: Env, loopback: boolean): Producer {
  const runner = read(env, 'BENCH_RUNNER');
  const cores = Number(read(env, 'BENCH_CORES'));
  const same = read(env, 'BENCH_SAME_HOST');
  const oneLine = (name: string) => {
    const value = read(env, name);
    return value !== undefined && value.length <= 100 && !hasControlCharacter(value) ? value : null;
  };
  return {
    runner: runner === 'k6' || runner === 'sandbox' ? runner : null,
    runnerVersion: oneLine('K6_VERSION'),
    machine: {
      host: oneLine('BENCH_MACHINE'),
      cores: Number.isInteger(cores) && cores > 0 ? cores : null,
      sameHostAsServer: loopback ? true : same === 'true' ? true : same === 'false' ? false : null,
    },
  };
}
