// The client address each VU presents in `X-Forwarded-For`, so Appwrite's per-IP abuse keys see one client
// per VU (appwrite.md §10.6). Addresses come from 198.18.0.0/15, reserved for benchmarking (RFC 2544): only a
// header value, no traffic goes there. Pure.

const BASE = (198 << 24) | (18 << 16); // 198.18.0.0
const SIZE = 1 << 17; // /15: 131 072 addresses

function dotted(value: number): string {
  return [value >>> 24, (value >>> 16) & 255, (value >>> 8) & 255, value & 255].join('.');
}

/** FNV-1a: a stable small hash, so one run id always maps to the same offset. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

/**
 * The block is rotated by the run id: since 1.6.2 abuse counters live in Redis, server-wide, for up to an
 * hour (appwrite.md §10.7), so a run reusing the previous run's addresses would inherit its spent sign-up
 * budgets. Within a run, VU n and VU m (n ≠ m, both ≤ 131 071) always get different addresses.
 */
export function clientAddress(mode: 'per-vu' | 'single', runId: string, vuIdInTest: number): string {
  const offset = hash(runId) % SIZE;
  const slot = mode === 'single' ? 0 : vuIdInTest;
  return dotted((BASE + ((offset + slot) % SIZE)) >>> 0);
}

/** Sign-up clients use the upper half of the block (VU ids stay below 65 536), all but its last slot. */
const SIGNUP_BASE_SLOT = SIZE / 2;
const SIGNUP_SLOTS = SIZE / 2 - 1;

/**
 * A fresh client address for one sign-up (and its login and logout): real sign-up traffic comes from many
 * clients, each within its own 10-per-hour budget, so a VU signing up users must not present one address for
 * all of them (issue 8: 29,303 heavy-phase sign-ups were skipped that way). `iterationInTest` is unique per
 * k6 scenario across VUs and instances; the scenario name shifts the slots, so an address serves at most one
 * sign-up per auth scenario (at most 3 per run: warm-up, normal, heavy), within the budget of 10, until more
 * than 65 535 sign-ups wrap around.
 */
export function signUpAddress(runId: string, scenario: string, iterationInTest: number): string {
  return signUpAddresses(runId, scenario)(iterationInTest);
}

/** `signUpAddress` for one run and scenario with both hashes taken once (a VU signs up every iteration). */
export function signUpAddresses(runId: string, scenario: string): (iterationInTest: number) => string {
  const scenarioHash = hash(scenario);
  const offset = hash(runId) % SIZE;
  return (iterationInTest) => {
    const slot = SIGNUP_BASE_SLOT + ((scenarioHash + iterationInTest) % SIGNUP_SLOTS);
    return dotted((BASE + ((offset + slot) % SIZE)) >>> 0);
  };
}

/** A slot no VU uses (VU ids are below 131 071), for the `limits` workload's own client. */
export function reservedAddress(runId: string): string {
  return dotted((BASE + (((hash(runId) % SIZE) + SIZE - 1) % SIZE)) >>> 0);
}

export function isBenchmarkAddress(address: string): boolean {
  return /^198\.(18|19)\.\d{1,3}\.\d{1,3}$/.test(address);
}
