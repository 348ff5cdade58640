// Command-line parsing for `npm run bootstrap` (pure: no I/O), so every bad input is one line.

export const BOOTSTRAP_USAGE =
  'usage: npm run bootstrap -- --endpoint URL --email E --password P [--project ID] [--team ID] [--env-file F]';

/** The scopes the suite's setup and teardown need: the README's APPWRITE_API_KEY row (tested). */
export const SUITE_SCOPES = [
  'users.read',
  'users.write',
  'databases.write',
  'collections.read',
  'collections.write',
  'tables.read',
  'tables.write',
  'documents.write',
  'rows.write',
] as const;

/** Name of the API key bootstrap creates; a key of that name with exactly SUITE_SCOPES is reused. */
export const KEY_NAME = 'appwrite-k6-bench';

export interface BootstrapArgs {
  endpoint: string;
  email: string;
  password: string;
  projectId: string;
  teamId: string;
  envFile: string | null;
}

export class BootstrapArgsError extends Error {
  override name = 'BootstrapArgsError' as const;
}

const ID = /^[a-zA-Z0-9][a-zA-Z0-9._-]{0,35}$/;
const FLAGS = new Set(['--endpoint', '--email', '--password', '--project', '--team', '--env-file']);

/**
 * `env` supplies APPWRITE_CONSOLE_PASSWORD when --password is absent, so CI can keep the password out of
 * the process list.
 */
export function parseBootstrapArgs(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>> = {},
): BootstrapArgs {
  const values = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    const eq = arg.indexOf('=');
    const flag = eq > 0 ? arg.slice(0, eq) : arg;
    if (!FLAGS.has(flag)) throw new BootstrapArgsError(`unknown argument \`${arg}\`; ${BOOTSTRAP_USAGE}`);
    const value = eq > 0 ? arg.slice(eq + 1) : argv[++i];
    if (value === undefined || value === '' || (eq < 0 && value.startsWith('--')))
      throw new BootstrapArgsError(`${flag} needs a value; ${BOOTSTRAP_USAGE}`);
    values.set(flag, value);
  }
  const endpoint = (values.get('--endpoint') ?? '').replace(/\/+$/, '');
  if (endpoint === '') throw new BootstrapArgsError(`--endpoint is required; ${BOOTSTRAP_USAGE}`);
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    throw new BootstrapArgsError(`--endpoint: expected an http(s) URL ending in /v1, got \`${endpoint}\``);
  }
  if (
    !/^https?:$/.test(url.protocol) ||
    !url.pathname.endsWith('/v1') ||
    url.username ||
    url.search ||
    url.hash
  )
    throw new BootstrapArgsError(
      `--endpoint: expected an http(s) URL ending in /v1 without user info, query or fragment, got \`${endpoint}\``,
    );
  const email = values.get('--email') ?? '';
  if (!/^[^\s@]+@[^\s@]+$/.test(email))
    throw new BootstrapArgsError(`--email: expected an e-mail address, got \`${email}\``);
  const password = values.get('--password') ?? env.APPWRITE_CONSOLE_PASSWORD ?? '';
  // Appwrite's default password validator: 8 to 256 characters. The value is never echoed.
  if (password.length < 8 || password.length > 256)
    throw new BootstrapArgsError(
      `--password (or APPWRITE_CONSOLE_PASSWORD): expected 8 to 256 characters, got ${password.length}`,
    );
  const id = (flag: string, fallback: string): string => {
    const value = values.get(flag) ?? fallback;
    if (!ID.test(value) || value === 'console')
      throw new BootstrapArgsError(
        `${flag}: expected up to 36 of a-z A-Z 0-9 . - _ not starting with a special char (not console), got \`${value}\``,
      );
    return value;
  };
  return {
    endpoint,
    email,
    password,
    projectId: id('--project', 'k6-bench'),
    teamId: id('--team', 'k6-bench'),
    envFile: values.get('--env-file') ?? null,
  };
}
