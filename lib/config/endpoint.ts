// The one module that reads __ENV (for now: the endpoint). @types/k6 types __ENV values as always
// present strings; re-declare it honestly so a missing variable is `undefined` to the compiler too.
declare const __ENV: Record<string, string | undefined>;

export class InvalidConfigError extends Error {
  override name = 'InvalidConfigError' as const;
  constructor(variable: string, expected: string, given: string | undefined) {
    super(
      `invalid ${variable}: expected ${expected}, got ${given === undefined ? 'nothing' : `\`${given}\``}`,
    );
  }
}

/** The Appwrite API root, e.g. `http://localhost/v1`, without a trailing slash. */
export function readEndpoint(): string {
  const raw = __ENV.APPWRITE_ENDPOINT ?? 'http://localhost/v1';
  if (!/^https?:\/\/[^\s/]+(\/\S*)?$/.test(raw)) {
    throw new InvalidConfigError('APPWRITE_ENDPOINT', 'an http(s) URL such as http://localhost/v1', raw);
  }
  return raw.replace(/\/+$/, '');
}
