// Public API of the Appwrite emulator: `startEmulator(options)` → `{ url, projectId, apiKey, close() }`.
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AbuseCounters } from './abuse.ts';
import { DEFAULT_APPWRITE_VERSION, dialectFor } from './dialect.ts';
import { type FaultOptions, type FaultSettings, Faults } from './faults.ts';
import { ConsoleState } from './handlers/console.ts';
import { LatencyProfileError, type LatencyProfileName, latencyModel } from './latency-profile.ts';
import { ROUTES, Router } from './routes.ts';
import { createPipeline } from './server.ts';

export type { FaultOptions, FaultSettings, LatencyProfileName };

export interface EmulatorOptions {
  /** @default '127.0.0.1' */
  host?: string;
  /** 0 = any free port. @default 0 */
  port?: number;
  /** Which Appwrite to answer as: '1.5.x'..'1.9.x' style. @default '1.9.0' */
  appwriteVersion?: string;
  /** As `_APP_OPTIONS_ABUSE`. @default 'enabled' */
  abuse?: 'enabled' | 'disabled';
  /** @default 'bench' */
  projectId?: string;
  /** @default a random secret generated at start */
  apiKey?: string;
  /**
   * The key also holds `sessions.write`, so it may sign up and log in users (server-side auth). Off by
   * default, as the suite's key and the recorded 1.9.0 key lack it (abuse.jsonl seq 14: 401).
   * @default false
   */
  apiKeySessions?: boolean;
  /** How long a new attribute/column stays `processing`. @default 100 */
  attributeDelayMs?: number;
  /** Epoch ms; abuse windows, attribute status and timestamps use it. @default Date.now */
  clock?: () => number;
  faults?: FaultOptions;
  /**
   * Server-side latency per route: `appwrite-1.9` waits as real 1.9.0 took on 2 cores (password routes
   * 125–350 ms, the rest 5–60 ms; see docs/emulator.md). @default 'none'
   */
  latencyProfile?: LatencyProfileName;
  /**
   * Fixed latency in ms per route, keyed `METHOD /v1/path-template` as in emulator/routes.ts, e.g.
   * `{ 'POST /v1/users': 250, 'POST /v1/account/sessions/email': 200 }` (real Appwrite's password hashing).
   */
  routeLatencyMs?: Readonly<Record<string, number>>;
  /** Abuse windows and limits scaled by this factor (0 < F ≤ 1; emulator/abuse.ts). @default 1 */
  abuseWindowScale?: number;
  limits?: {
    /** @default 1_048_576 */
    maxBodyBytes?: number;
    /** @default 100_000 */
    maxDocumentsPerCollection?: number;
  };
}

/** What `RunningEmulator.inFlight()` reports: requests received and not yet answered. */
export interface InFlightCounts {
  /** Unanswered now, all routes. */
  readonly now: number;
  /** The most unanswered at once since start, all routes. */
  readonly max: number;
  /** The most unanswered at once per route (`METHOD /v1/path-template`; `other` for unknown paths). */
  readonly maxByRoute: Readonly<Record<string, number>>;
}

export interface RunningEmulator {
  /** e.g. `http://127.0.0.1:PORT/v1` */
  url: string;
  projectId: string;
  apiKey: string;
  /**
   * An observation hook for tests and benches: how many requests the server held at once (from the
   * request's arrival to the end of its answer). Tells from the server side whether a client ran
   * requests in parallel, e.g. setup's http.batch.
   */
  inFlight(): InFlightCounts;
  close(): Promise<void>;
}

export class EmulatorOptionsError extends Error {
  override name = 'EmulatorOptionsError' as const;
}

/** How long an idle keep-alive connection stays open. */
export const KEEP_ALIVE_MS = 65_000;
/**
 * The listen backlog asked for (the kernel caps it at net.core.somaxconn): Node's default is 511. It is
 * not what stalled issue 8's writers (docs/emulator.md, Connections: a saturated Node server accepts
 * one connection per event-loop turn, whatever the backlog), but a burst larger than the queue would
 * also lose SYNs and wait out retransmissions (1, 3, 7 … s).
 */
export const LISTEN_BACKLOG = 4_096;

/**
 * Idle keep-alive connections live past the longest client budget wait (61 s, lib/scenarios/writes.ts):
 * with 5 s, ~150 writer VUs waking after a window reset all reconnected at once beside 250 busy readers,
 * their new connections waited seconds to be accepted, and a reuse just as the server closed one was
 * reset (issue 8; docs/emulator.md). headersTimeout must exceed keepAliveTimeout (Node http docs).
 */
export const SERVER_TIMEOUTS = {
  keepAliveTimeout: KEEP_ALIVE_MS,
  headersTimeout: KEEP_ALIVE_MS + 1_000,
} as const;

function routeLatency(latencies: Readonly<Record<string, number>> | undefined): Map<string, number> {
  const map = new Map<string, number>();
  for (const [route, ms] of Object.entries(latencies ?? {})) {
    if (!ROUTES.some((r) => `${r.method} ${r.path}` === route)) {
      throw new EmulatorOptionsError(
        `invalid routeLatencyMs: expected a route as \`METHOD /v1/path\` from emulator/routes.ts, got \`${route}\``,
      );
    }
    if (!(Number.isFinite(ms) && ms >= 0 && ms <= 60_000)) {
      throw new EmulatorOptionsError(
        `invalid routeLatencyMs for ${route}: expected 0 to 60000 ms, got \`${ms}\``,
      );
    }
    map.set(route, ms);
  }
  return map;
}

function nonNegative(
  name: string,
  value: number | undefined,
  fallback: number,
  max = Number.MAX_SAFE_INTEGER,
): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value < 0 || value > max) {
    throw new EmulatorOptionsError(
      `invalid ${name}: expected a number between 0 and ${max}, got \`${value}\``,
    );
  }
  return value;
}

function checkFaults(prefix: string, f: FaultSettings | undefined): void {
  nonNegative(`${prefix}latencyMs`, f?.latencyMs, 0, 60_000);
  nonNegative(`${prefix}errorRate`, f?.errorRate, 0, 1);
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const dialect = dialectFor(options.appwriteVersion ?? DEFAULT_APPWRITE_VERSION);
  const projectId = options.projectId ?? 'bench';
  if (!/^[a-zA-Z0-9][a-zA-Z0-9._-]{0,35}$/.test(projectId) || projectId === 'console') {
    throw new EmulatorOptionsError(
      `invalid projectId: expected up to 36 chars of a-z, A-Z, 0-9, '.', '-', '_' (not 'console'), got \`${projectId}\``,
    );
  }
  const apiKey = options.apiKey ?? `standard_${randomBytes(32).toString('hex')}`;
  if (apiKey === '') throw new EmulatorOptionsError('invalid apiKey: expected a non-empty string, got ``');
  if (options.abuse !== undefined && options.abuse !== 'enabled' && options.abuse !== 'disabled') {
    throw new EmulatorOptionsError(
      `invalid abuse: expected 'enabled' or 'disabled', got \`${String(options.abuse)}\``,
    );
  }
  const port = nonNegative('port', options.port, 0, 65535);
  if (!Number.isInteger(port))
    throw new EmulatorOptionsError(`invalid port: expected an integer, got \`${port}\``);
  checkFaults('faults.', options.faults);
  const callers = options.faults?.callers;
  if (callers !== undefined && callers !== 'all' && callers !== 'clients') {
    throw new EmulatorOptionsError(
      `invalid faults.callers: expected 'all' or 'clients', got \`${String(callers)}\``,
    );
  }
  for (const family of ['auth', 'reads', 'writes'] as const)
    checkFaults(`faults.${family}.`, options.faults?.[family]);
  let latency: ReturnType<typeof latencyModel>;
  try {
    latency = latencyModel(options.latencyProfile ?? 'none');
  } catch (error) {
    if (error instanceof LatencyProfileError) throw new EmulatorOptionsError(error.message);
    throw error;
  }
  const clock = options.clock ?? Date.now;
  const windowScale = options.abuseWindowScale ?? 1;
  if (!(windowScale > 0 && windowScale <= 1)) {
    throw new EmulatorOptionsError(
      `invalid abuseWindowScale: expected a number above 0 and at most 1, got \`${windowScale}\``,
    );
  }
  const settings = {
    dialect,
    projectId,
    clock,
    attributeDelayMs: nonNegative('attributeDelayMs', options.attributeDelayMs, 100),
    maxDocumentsPerCollection: nonNegative(
      'limits.maxDocumentsPerCollection',
      options.limits?.maxDocumentsPerCollection,
      100_000,
    ),
    abuseEnabled: options.abuse !== 'disabled',
    abuse: new AbuseCounters(clock, windowScale),
    console: new ConsoleState(),
  };
  const pipeline = createPipeline({
    settings,
    router: new Router(ROUTES, dialect),
    faults: new Faults(options.faults),
    latency,
    routeLatencyMs: routeLatency(options.routeLatencyMs),
    apiKey,
    apiKeySessions: options.apiKeySessions === true,
    maxBodyBytes: nonNegative('limits.maxBodyBytes', options.limits?.maxBodyBytes, 1_048_576),
  });
  const counts = {
    now: 0,
    max: 0,
    nowByRoute: new Map<string, number>(),
    maxByRoute: new Map<string, number>(),
  };
  const namer = new Router(ROUTES, dialect);
  const server = createServer({ ...SERVER_TIMEOUTS }, (req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const route = namer.match(req.method ?? '', path)?.route;
    const name = route ? `${route.method} ${route.path}` : 'other';
    const onRoute = (counts.nowByRoute.get(name) ?? 0) + 1;
    counts.nowByRoute.set(name, onRoute);
    counts.maxByRoute.set(name, Math.max(onRoute, counts.maxByRoute.get(name) ?? 0));
    counts.max = Math.max(counts.max, ++counts.now);
    res.once('close', () => {
      counts.now--;
      counts.nowByRoute.set(name, (counts.nowByRoute.get(name) ?? 1) - 1);
    });
    pipeline(req, res);
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    // A deeper accept queue than Node's 511 for bursts of new connections (the kernel caps it at somaxconn).
    server.listen(port, host, LISTEN_BACKLOG, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${shownHost}:${address.port}/v1`,
    projectId,
    apiKey,
    inFlight: () => ({ now: counts.now, max: counts.max, maxByRoute: Object.fromEntries(counts.maxByRoute) }),
    close() {
      closing ??= new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      });
      return closing;
    },
  };
}
