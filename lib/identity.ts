// Names and ids of everything a run creates. Each carries the run id and a per-instance random suffix, so
// several k6 instances (k6-operator runs setup on every runner, k6.md §9) never collide. Pure.
// Appwrite ids: 1–36 of a-z A-Z 0-9 . - _, not starting with a special character.

/** Shared by every user the benchmark creates; a password policy-safe constant (appwrite.md §3 gotcha 4). */
export const BENCH_PASSWORD = 'K6bench-Passw0rd!';
export const EMAIL_DOMAIN = 'k6bench.example.com';
/** Fields of the benchmark's collection/table. */
export const FIELDS = [
  { type: 'string', key: 'title', size: 128, required: true },
  { type: 'integer', key: 'score', required: true, min: 0, max: 1_000_000 },
  { type: 'boolean', key: 'active', required: true },
] as const;

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

/** `length` random lower-case letters and digits from `random` (values in [0, 1)). */
export function randomSuffix(length: number, random: () => number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += ALPHABET[Math.floor(random() * ALPHABET.length) % ALPHABET.length];
  return out;
}

/** `YYYYMMDD-HHMMSS` (UTC) plus 4 random characters: sortable, unique enough, 20 characters. */
export function generateRunId(now: Date, random: () => number): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  const date = `${now.getUTCFullYear()}${pad(now.getUTCMonth() + 1)}${pad(now.getUTCDate())}`;
  const time = `${pad(now.getUTCHours())}${pad(now.getUTCMinutes())}${pad(now.getUTCSeconds())}`;
  return `${date}-${time}${randomSuffix(4, random)}`;
}

/** Ids and names derived from one run instance; ids stay within 36 characters for RUN_IDs up to 20. */
export class RunIdentity {
  constructor(
    readonly runId: string,
    /** 6 random characters chosen in setup, one per k6 instance. */
    readonly instance: string,
  ) {}

  private id(kind: string, index?: number): string {
    const base = `${kind}${this.runId}-${this.instance}`;
    const id = index === undefined ? base : `${base}-${index.toString(36)}`;
    if (id.length > 36) throw new RangeError(`id ${id} is longer than Appwrite's 36 characters`);
    return id;
  }

  get databaseId(): string {
    return this.id('d');
  }
  get containerId(): string {
    return this.id('c');
  }
  /** Pool user `index` (from 0). */
  poolUserId(index: number): string {
    return this.id('u', index);
  }
  poolUserEmail(index: number): string {
    return `pool-${this.runId}-${this.instance}-${index}@${EMAIL_DOMAIN}`.toLowerCase();
  }
  seedRecordId(index: number): string {
    return this.id('s', index);
  }
  /** Every user the run creates has this name, so teardown also finds users signed up by the auth workload. */
  get userName(): string {
    return `k6bench ${this.runId} ${this.instance}`;
  }
  get resourceName(): string {
    return `k6bench ${this.runId} ${this.instance}`;
  }
  /**
   * A sign-up address unique across VUs, iterations and instances: `exec.vu.idInTest` and
   * `exec.scenario.iterationInTest` are unique across instances (k6.md §4), the run id and instance suffix
   * across runs; the scenario name keeps two scenarios' iteration counters apart.
   */
  signupEmail(scenario: string, vuIdInTest: number, iterationInTest: number): string {
    // Once per scenario, not per iteration (the auth workload's hot path): what follows the prefix is
    // digits and the lower-case domain, so lower-casing the prefix alone gives the same address.
    if (this.signupScenario !== scenario) {
      const tag = scenario.replace(/[^A-Za-z0-9]/g, '').slice(0, 12);
      this.signupPrefix = `${this.runId}-${this.instance}-${tag}-`.toLowerCase();
      this.signupScenario = scenario;
    }
    return `${this.signupPrefix}${vuIdInTest}-${iterationInTest}@${EMAIL_DOMAIN}`;
  }
  private signupScenario: string | null = null;
  private signupPrefix = '';
}
