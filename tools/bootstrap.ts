// `npm run bootstrap`: console account, team, project and API key on a fresh Appwrite (1.5–1.9), each
// reused when it exists, then the APPWRITE_* variables to export. The sequence is the one Appwrite's own
// benchmark uses (reference appwrite.md §9; `tests/benchmarks/http.js` setup() @0cefd06).
//
// Why plain fetch and not the `@appwrite.io/console` SDK: that SDK is a browser client. It keeps the
// console session in the browser's cookie jar or in `localStorage` ("cookieFallback"), neither of which
// Node 20's fetch has, so every call after the login would be a guest call. Six JSON requests with one
// session cookie are simpler than shimming a browser.
import { closeSync, fchmodSync, openSync, writeSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import {
  type BootstrapArgs,
  BootstrapArgsError,
  KEY_NAME,
  parseBootstrapArgs,
  SUITE_SCOPES,
} from './bootstrap-args.ts';

export class BootstrapError extends Error {
  override name = 'BootstrapError' as const;
}

export interface BootstrapResult {
  endpoint: string;
  projectId: string;
  apiKey: string;
  serverVersion: string;
  /** What was created and what reused, in order, e.g. `team k6-bench: reused`. */
  steps: string[];
}

interface Answer {
  status: number;
  body: Record<string, unknown>;
  headers: Headers;
}

class ConsoleClient {
  #session = '';
  constructor(readonly endpoint: string) {}

  async call(method: string, path: string, body?: unknown): Promise<Answer> {
    const headers: Record<string, string> = { 'x-appwrite-project': 'console' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (this.#session !== '') headers.cookie = `a_session_console=${this.#session}`;
    let response: Response;
    try {
      response = await fetch(`${this.endpoint}${path}`, {
        method,
        headers,
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    } catch (error) {
      const cause =
        error instanceof Error && error.cause instanceof Error ? error.cause.message : String(error);
      throw new BootstrapError(`${method} ${this.endpoint}${path} failed: ${cause}`);
    }
    const text = await response.text();
    let parsed: unknown = {};
    try {
      parsed = text === '' ? {} : JSON.parse(text);
    } catch {
      throw new BootstrapError(`${method} ${path}: expected JSON from Appwrite, got HTTP ${response.status}`);
    }
    const record = typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : {};
    return { status: response.status, body: record, headers: response.headers };
  }

  /** Calls and insists on one of `ok`; Appwrite's error message (never a secret) names what went wrong. */
  async expect(method: string, path: string, ok: readonly number[], body?: unknown): Promise<Answer> {
    const answer = await this.call(method, path, body);
    if (!ok.includes(answer.status)) {
      const message = typeof answer.body.message === 'string' ? answer.body.message : '';
      const type = typeof answer.body.type === 'string' ? ` ${answer.body.type}` : '';
      throw new BootstrapError(`${method} ${path}: HTTP ${answer.status}${type} ${message}`.trim());
    }
    return answer;
  }

  /** The session value from the login answer: `X-Fallback-Cookies` (no Origin sent), else Set-Cookie. */
  adoptSession(answer: Answer): void {
    const fallback = answer.headers.get('x-fallback-cookies');
    if (fallback) {
      try {
        const value = (JSON.parse(fallback) as Record<string, unknown>).a_session_console;
        if (typeof value === 'string' && value !== '') this.#session = value;
      } catch {
        // fall through to Set-Cookie
      }
    }
    if (this.#session === '') {
      for (const line of answer.headers.getSetCookie()) {
        const match = /^a_session_console=([^;]+)/.exec(line);
        if (match?.[1]) this.#session = decodeURIComponent(match[1]);
      }
    }
    if (this.#session === '') throw new BootstrapError('console login answered without a session cookie');
  }
}

function sameScopes(scopes: unknown): boolean {
  if (!Array.isArray(scopes)) return false;
  const wanted = new Set<string>(SUITE_SCOPES);
  return scopes.length === wanted.size && scopes.every((s) => typeof s === 'string' && wanted.has(s));
}

export async function bootstrap(args: BootstrapArgs): Promise<BootstrapResult> {
  const client = new ConsoleClient(args.endpoint);
  const steps: string[] = [];
  const version = await client.expect('GET', '/health/version', [200]);
  const serverVersion = String(version.body.version ?? '');
  if (!/^1\.[5-9](\.|$|-)/.test(serverVersion))
    throw new BootstrapError(
      `the server is Appwrite ${serverVersion || '(unknown)'}; bootstrap supports 1.5 to 1.9`,
    );

  // 409: the account exists (a second run). 401 with whitelist on: another root exists; login decides.
  const signUp = await client.call('POST', '/account', {
    userId: 'unique()',
    email: args.email,
    password: args.password,
    name: 'k6 bench',
  });
  steps.push(`console account ${args.email}: ${signUp.status === 201 ? 'created' : 'reused'}`);
  const login = await client.expect('POST', '/account/sessions/email', [201], {
    email: args.email,
    password: args.password,
  });
  client.adoptSession(login);
  try {
    const teams = await client.expect('GET', '/teams', [200]);
    const teamList = Array.isArray(teams.body.teams)
      ? (teams.body.teams as Array<Record<string, unknown>>)
      : [];
    if (teamList.some((team) => team.$id === args.teamId)) steps.push(`team ${args.teamId}: reused`);
    else {
      await client.expect('POST', '/teams', [201], { teamId: args.teamId, name: 'k6 bench' });
      steps.push(`team ${args.teamId}: created`);
    }

    const project = await client.expect('GET', `/projects/${args.projectId}`, [200, 404]);
    if (project.status === 200) {
      if (project.body.teamId !== args.teamId)
        throw new BootstrapError(
          `project ${args.projectId} exists in team ${String(project.body.teamId)}, not ${args.teamId}; pass --team or another --project`,
        );
      steps.push(`project ${args.projectId}: reused`);
    } else {
      await client.expect('POST', '/projects', [201], {
        projectId: args.projectId,
        name: 'k6 bench',
        teamId: args.teamId,
        region: 'default',
      });
      steps.push(`project ${args.projectId}: created`);
    }

    const keys = await client.expect('GET', `/projects/${args.projectId}/keys`, [200]);
    const keyList = Array.isArray(keys.body.keys) ? (keys.body.keys as Array<Record<string, unknown>>) : [];
    const reusable = keyList.find(
      (key) =>
        key.name === KEY_NAME &&
        sameScopes(key.scopes) &&
        typeof key.secret === 'string' &&
        key.secret !== '',
    );
    let apiKey: string;
    if (reusable) {
      apiKey = String(reusable.secret);
      steps.push(`API key ${KEY_NAME}: reused`);
    } else {
      const created = await client.expect('POST', `/projects/${args.projectId}/keys`, [201], {
        name: KEY_NAME,
        scopes: [...SUITE_SCOPES],
      });
      if (typeof created.body.secret !== 'string' || created.body.secret === '')
        throw new BootstrapError('the key was created but Appwrite returned no secret');
      apiKey = created.body.secret;
      steps.push(`API key ${KEY_NAME}: created with ${SUITE_SCOPES.length} scopes`);
    }
    return { endpoint: args.endpoint, projectId: args.projectId, apiKey, serverVersion, steps };
  } finally {
    // Leave no console session behind; a failed logout does not undo the bootstrap.
    await client.call('DELETE', '/account/sessions/current').catch(() => undefined);
  }
}

/** Shell `export` lines; the key is single-quoted so no shell expands it. */
export function exportLines(result: BootstrapResult, withKey: boolean): string {
  const lines = [
    `export APPWRITE_ENDPOINT='${result.endpoint}'`,
    `export APPWRITE_PROJECT_ID='${result.projectId}'`,
  ];
  if (withKey) lines.push(`export APPWRITE_API_KEY='${result.apiKey}'`);
  return `${lines.join('\n')}\n`;
}

/** KEY=value lines (docker --env-file and GitHub's $GITHUB_ENV format), created or truncated with mode 0600. */
export function writeEnvFile(path: string, result: BootstrapResult): void {
  const fd = openSync(path, 'w', 0o600);
  try {
    // An existing file keeps its old mode on open; make it 0600 before the secret goes in.
    fchmodSync(fd, 0o600);
    writeSync(
      fd,
      `APPWRITE_ENDPOINT=${result.endpoint}\nAPPWRITE_PROJECT_ID=${result.projectId}\nAPPWRITE_API_KEY=${result.apiKey}\n`,
    );
  } finally {
    closeSync(fd);
  }
}

export interface BootstrapIo {
  out: (text: string) => void;
  err: (text: string) => void;
  env: Readonly<Record<string, string | undefined>>;
}

/** Exit codes: 0 done, 1 the server refused or failed, 2 bad arguments. */
export async function bootstrapMain(argv: readonly string[], io: BootstrapIo): Promise<number> {
  let args: BootstrapArgs;
  try {
    args = parseBootstrapArgs(argv, io.env);
  } catch (error) {
    if (error instanceof BootstrapArgsError) {
      io.err(`bootstrap: error: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
  try {
    const result = await bootstrap(args);
    for (const step of result.steps) io.err(`bootstrap: ${step}\n`);
    if (args.envFile !== null) {
      writeEnvFile(args.envFile, result);
      io.err(`bootstrap: wrote APPWRITE_* (with the key) to ${args.envFile} (mode 0600)\n`);
      io.out(exportLines(result, false));
    } else {
      io.out(exportLines(result, true));
    }
    return 0;
  } catch (error) {
    if (error instanceof BootstrapError) {
      io.err(`bootstrap: error: ${error.message}\n`);
      return 1;
    }
    io.err(`bootstrap: error: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  process.exitCode = await bootstrapMain(process.argv.slice(2), {
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
    env: process.env,
  });
}
