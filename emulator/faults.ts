// Fault injection, to prove that thresholds and comparisons catch a bad server (issue 3): extra latency
// (mean, uniform jitter ±50 %) and a fraction of requests answered 500 or 503, per route family.
import { AppwriteError } from './errors.ts';
import type { Family } from './routes.ts';

export interface FaultSettings {
  /** Mean added latency in ms; each request waits uniformly between 0.5× and 1.5× this. */
  readonly latencyMs?: number;
  /** Fraction in [0, 1] of requests answered with an injected 500/503 before the handler runs. */
  readonly errorRate?: number;
}

export type FaultCallers = 'all' | 'clients';

export interface FaultOptions extends FaultSettings {
  readonly auth?: FaultSettings;
  readonly reads?: FaultSettings;
  readonly writes?: FaultSettings;
  /**
   * Which requests faults hit: `all` (default), or `clients` only (requests without `X-Appwrite-Key`),
   * so a benchmark's key-authenticated setup and teardown succeed while its measured traffic does not.
   */
  readonly callers?: FaultCallers;
}

export class Faults {
  readonly #perFamily: Record<'auth' | 'reads' | 'writes', Required<FaultSettings>>;
  readonly #random: () => number;
  readonly #callers: FaultCallers;
  readonly active: boolean;

  constructor(options: FaultOptions | undefined, random: () => number = Math.random) {
    const pick = (family: 'auth' | 'reads' | 'writes'): Required<FaultSettings> => ({
      latencyMs: options?.[family]?.latencyMs ?? options?.latencyMs ?? 0,
      errorRate: options?.[family]?.errorRate ?? options?.errorRate ?? 0,
    });
    this.#perFamily = { auth: pick('auth'), reads: pick('reads'), writes: pick('writes') };
    this.#random = random;
    this.#callers = options?.callers ?? 'all';
    this.active = Object.values(this.#perFamily).some((f) => f.latencyMs > 0 || f.errorRate > 0);
  }

  /** Whether faults apply to a request that does (or does not) carry an API key. */
  appliesTo(withKey: boolean): boolean {
    return this.active && (this.#callers === 'all' || !withKey);
  }

  /** Milliseconds to wait before answering a request of `family` (0 = none). */
  delayFor(family: Family): number {
    if (family === 'none') return 0;
    const mean = this.#perFamily[family].latencyMs;
    return mean > 0 ? mean * (0.5 + this.#random()) : 0;
  }

  /** An injected error for this request, or undefined; half 500 `general_server_error`, half 503. */
  errorFor(family: Family): AppwriteError | undefined {
    if (family === 'none') return undefined;
    const rate = this.#perFamily[family].errorRate;
    if (rate <= 0 || this.#random() >= rate) return undefined;
    return this.#random() < 0.5
      ? new AppwriteError('general_server_error', 'Injected fault: an internal server error occurred.')
      : new AppwriteError('general_service_disabled', 'Injected fault: the service is unavailable.');
  }
}
