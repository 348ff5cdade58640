// Server-side latency models: how long the emulator waits before answering, per route, so a smoke or
// sandbox run shows a real server's shape (password routes slow, record routes fast) instead of ~1 ms
// everywhere. `none` (the default) keeps tests fast.
//
// Source of the `appwrite-1.9` figures: the timings a real Appwrite 1.9.0 run showed on a 2-core machine
// (PHP 8.4, Swoole 6.1.7, MariaDB 10.11, Redis 7, abuse on), as reported in issue 11: sign-up 140–350 ms,
// login 125–280 ms, `POST /v1/users` ~250 ms, row create/get 5–60 ms. The recorded exchanges
// (`../shared/fixtures/appwrite-1.9.0/`) dropped `x-debug-speed` and `date`, so they hold no timings of
// their own. Routes without a figure are assumed to be like record routes (see docs/emulator.md).

export type LatencyProfileName = 'none' | 'appwrite-1.9';
export const LATENCY_PROFILES: readonly LatencyProfileName[] = ['none', 'appwrite-1.9'];

export interface LatencyRange {
  /** Milliseconds. */
  readonly minMs: number;
  readonly maxMs: number;
}

/** What the profile knows of a request: its method and the route's path template. */
export interface RouteKey {
  readonly method: string;
  readonly path: string;
}

const MEASURED = {
  /** argon2 hashing of the new password. */
  signUp: { minMs: 140, maxMs: 350 },
  /** argon2 verification plus the session write. */
  login: { minMs: 125, maxMs: 280 },
  /** "~250 ms": given as a point; ±30 ms is the emulator's assumption. */
  createUser: { minMs: 220, maxMs: 280 },
  records: { minMs: 5, maxMs: 60 },
} as const satisfies Record<string, LatencyRange>;

/** The `appwrite-1.9` range of one route. */
export function appwrite19Range(route: RouteKey): LatencyRange {
  if (route.method === 'POST' && route.path === '/v1/account') return MEASURED.signUp;
  if (route.method === 'POST' && route.path.startsWith('/v1/account/sessions')) return MEASURED.login;
  if (route.method === 'POST' && route.path === '/v1/users') return MEASURED.createUser;
  return MEASURED.records;
}

/** A delay source: milliseconds to wait before handling `route`. */
export type LatencyModel = (route: RouteKey) => number;

export class LatencyProfileError extends Error {
  override name = 'LatencyProfileError' as const;
}

/** Uniform within the route's range; `random` is injectable for tests. */
export function latencyModel(name: string, random: () => number = Math.random): LatencyModel {
  if (name === 'none') return () => 0;
  if (name === 'appwrite-1.9') {
    return (route) => {
      const { minMs, maxMs } = appwrite19Range(route);
      return minMs + (maxMs - minMs) * random();
    };
  }
  throw new LatencyProfileError(
    `invalid latencyProfile: expected one of ${LATENCY_PROFILES.join(', ')}, got \`${name}\``,
  );
}
