// The request pipeline, in the order of Appwrite's hooks (`app/controllers/general.php` and
// `app/controllers/shared/api.php` @0cefd06): route → project → caller (key or session) → scope →
// abuse → session guard → handler → response, with Appwrite's error body on any failure.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { type AbuseVerdict, abuseKey } from './abuse.ts';
import type { Caller, Context, Reply, Settings } from './context.ts';
import { AppwriteError, errorBody } from './errors.ts';
import type { Faults } from './faults.ts';
import type { LatencyModel } from './latency-profile.ts';
import { is19, ROUTE_NOT_FOUND } from './messages-1.9.ts';
import { hasBody, parseBody, readBody } from './request-body.ts';
import type { Route, Router } from './routes.ts';
import { resolveSession } from './sessions.ts';
import { ProjectStore } from './store.ts';

const JSON_TYPE = 'application/json; charset=UTF-8';
const CONSOLE = 'console';
// Scopes that also grant a route: TablesDB routes take the Databases names (appwrite.md §4.3), and
// attribute/column routes are granted by collections.*/tables.* (the specs' `x-appwrite.scope`).
const SCOPE_ALIASES: Readonly<Record<string, readonly string[]>> = {
  'tables.read': ['collections.read'],
  'tables.write': ['collections.write'],
  'attributes.read': ['collections.read'],
  'attributes.write': ['collections.write'],
  'columns.read': ['tables.read', 'collections.read'],
  'columns.write': ['tables.write', 'collections.write'],
};

/**
 * Headers real 1.9.0 sends on every answer of the API (recorded in `../shared/fixtures/appwrite-1.9.0/`,
 * all files): CORS for a request without `Origin`, `Server: Appwrite` and nosniff, in the server's order.
 */
const COMMON_HEADERS: Readonly<Record<string, string>> = {
  'access-control-allow-methods': 'GET, POST, PUT, PATCH, DELETE',
  'access-control-allow-headers':
    'Accept, Origin, Cookie, Set-Cookie, Content-Type, Content-Range, X-Appwrite-Project, X-Appwrite-Key, X-Appwrite-Dev-Key, X-Appwrite-Locale, X-Appwrite-Mode, X-Appwrite-JWT, X-Appwrite-Response-Format, X-Appwrite-Timeout, X-Appwrite-ID, X-Appwrite-Timestamp, X-Appwrite-Session, X-Appwrite-Platform, X-Appwrite-Impersonate-User-Id, X-Appwrite-Impersonate-User-Email, X-Appwrite-Impersonate-User-Phone, X-SDK-Version, X-SDK-Name, X-SDK-Language, X-SDK-Platform, X-SDK-GraphQL, X-SDK-Profile, Range, Cache-Control, Expires, Pragma, X-Fallback-Cookies, X-Requested-With, X-Forwarded-For, X-Forwarded-User-Agent',
  'access-control-expose-headers': 'X-Appwrite-Session, X-Fallback-Cookies',
  'access-control-allow-credentials': 'true',
  'access-control-max-age': '86400',
  server: 'Appwrite',
  'x-content-type-options': 'nosniff',
};
/** Error answers also forbid caching (recorded on every 4xx). */
const NO_CACHE: Readonly<Record<string, string>> = {
  'cache-control': 'no-cache, no-store, must-revalidate',
  expires: '0',
  pragma: 'no-cache',
};

export interface PipelineOptions {
  readonly settings: Settings;
  readonly router: Router;
  readonly faults: Faults;
  readonly latency: LatencyModel;
  readonly apiKey: string;
  readonly apiKeySessions: boolean;
  readonly maxBodyBytes: number;
  /** Fixed latency in ms per route, keyed `METHOD /v1/path-template` (`--latency-ms-route`), for every caller. */
  readonly routeLatencyMs?: ReadonlyMap<string, number>;
}

/** The caller's IP: first `X-Forwarded-For` entry, else the socket (reference appwrite.md §10.6). */
function clientIp(req: IncomingMessage, dialect: { family: string }): string {
  const forwarded = req.headers['x-forwarded-for'];
  if (typeof forwarded === 'string' && forwarded !== '') {
    const first = forwarded.split(',')[0]?.trim();
    if (first) return first;
  }
  // Without the trusted header 1.9.0 reported `0.0.0.0` for loopback clients (recorded:
  // smoke-run.jsonl setup logins, which send no X-Forwarded-For).
  if (dialect.family === '1.9') return '0.0.0.0';
  return req.socket.remoteAddress ?? '';
}

function hostname(req: IncomingMessage): string {
  const host = req.headers.host ?? '';
  return host.startsWith('[') ? host.slice(0, host.indexOf(']') + 1) : (host.split(':')[0] ?? '');
}

function wantsClose(req: IncomingMessage): boolean {
  const connection = req.headers.connection ?? '';
  if (/\bclose\b/i.test(connection)) return true;
  return req.httpVersion === '1.0' && !/\bkeep-alive\b/i.test(connection);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export function createPipeline(
  options: PipelineOptions,
): (req: IncomingMessage, res: ServerResponse) => void {
  const { settings, router, faults, latency, apiKey, apiKeySessions, maxBodyBytes } = options;
  const stores = new Map<string, ProjectStore>([
    [settings.projectId, new ProjectStore()],
    [CONSOLE, new ProjectStore()],
  ]);
  const version = settings.dialect.version;

  function send(res: ServerResponse, reply: Reply, extra: Record<string, string | string[]>): void {
    const headers: Record<string, string | string[]> = { ...COMMON_HEADERS, ...extra, ...reply.headers };
    if (reply.status === 204 || reply.body === undefined) {
      // Real 1.9.0 labels its empty 204 bodies `text/html` and sends `Content-Length: 0`.
      headers['content-type'] = 'text/html';
      headers['content-length'] = '0';
      res.writeHead(reply.status, headers);
      res.end();
      return;
    }
    const body = JSON.stringify(reply.body);
    headers['content-type'] = JSON_TYPE;
    headers['content-length'] = String(Buffer.byteLength(body));
    res.writeHead(reply.status, headers);
    res.end(body);
  }

  function sendError(res: ServerResponse, error: unknown, extra: Record<string, string | string[]>): void {
    let appwrite: AppwriteError;
    if (error instanceof AppwriteError) {
      appwrite = error;
    } else {
      // Never expected: logged (no request data, so no secrets) and answered as Appwrite's 500.
      console.error('emulator: unexpected error', error instanceof Error ? error.stack : error);
      appwrite = new AppwriteError('general_unknown');
    }
    if (res.headersSent) {
      res.destroy();
      return;
    }
    // `project_id_missing` is thrown before Appwrite's response hooks run: the framework's own answer,
    // without CORS and with `Server: Utopia/Http` (recorded: health.jsonl seq 6).
    const base =
      appwrite.type === 'project_id_missing'
        ? { ...NO_CACHE, server: 'Utopia/Http' }
        : { ...COMMON_HEADERS, ...NO_CACHE };
    const text = errorBody(appwrite, version);
    const headers = {
      ...base,
      ...extra,
      'content-type': JSON_TYPE,
      'content-length': String(Buffer.byteLength(text)),
    };
    res.writeHead(appwrite.code, headers);
    res.end(text);
  }

  /**
   * Outside `/v1` real 1.9.0 answers its HTML error page (recorded: health.jsonl seq 4, a 9 KB page
   * with the console's styling, `app/views/general/error.phtml`); the emulator sends a short page with
   * the same status and headers and the same visible text: the headline and the error type.
   */
  function sendHtmlNotFound(res: ServerResponse, extra: Record<string, string | string[]>): void {
    const page = `<!DOCTYPE html><html lang="en"><head><meta charset="UTF-8"><title>Error</title></head><body><span>Page not found</span><h1>The page you're looking for doesn't exist.</h1><span class='type'>general_route_not_found</span></body></html>`;
    res.writeHead(404, {
      ...COMMON_HEADERS,
      ...NO_CACHE,
      ...extra,
      'content-type': 'text/html; charset=UTF-8',
      'content-length': String(Buffer.byteLength(page)),
    });
    res.end(page);
  }

  function callerOf(req: IncomingMessage, projectId: string, store: ProjectStore): Caller {
    const key = req.headers['x-appwrite-key'];
    // An unknown key leaves the caller a guest, so key-only routes answer `general_unauthorized_scope`
    // "User (role: guests) missing scopes" (`shared/api.php`: the key lookup only upgrades the role).
    if (typeof key === 'string' && key !== '' && projectId !== CONSOLE && key === apiKey)
      return { kind: 'key' };
    if (typeof key === 'string' && key !== '' && settings.console.keyScopes(projectId, key) !== undefined)
      return { kind: 'key', secret: key };
    // 1.9.0 refuses an unknown key outright (recorded: health.jsonl seq 7, 8).
    if (typeof key === 'string' && key !== '' && settings.dialect.family === '1.9')
      throw new AppwriteError('user_unauthorized');
    const found = resolveSession(req.headers, projectId, store, settings.dialect, settings.clock());
    return found === undefined ? { kind: 'guest' } : { kind: 'user', ...found };
  }

  /** Console-made keys carry their own scopes; TablesDB routes also take the old names (appwrite.md §4.3). */
  function keyAllows(caller: Caller, projectId: string, scope: string): boolean {
    if (caller.kind !== 'key' || caller.secret === undefined) return true;
    const scopes = settings.console.keyScopes(projectId, caller.secret) ?? [];
    return [scope, ...(SCOPE_ALIASES[scope] ?? [])].some((s) => scopes.includes(s));
  }

  function checkScope(route: Route, caller: Caller, projectId: string, host: string): void {
    const keyWithoutSessions =
      caller.kind === 'key' && route.scopeName === 'sessions.write' && !apiKeySessions;
    const ok =
      (route.scope === 'public' && !keyWithoutSessions) ||
      route.scope === 'documents' ||
      (route.scope === 'account' && caller.kind === 'user') ||
      (route.scope === 'key' && caller.kind === 'key' && keyAllows(caller, projectId, route.scopeName));
    if (ok) return;
    const who =
      caller.kind === 'key'
        ? `app.${projectId}@service.${host} (role: applications)`
        : caller.kind === 'user'
          ? `${caller.user.email || 'User'} (role: users)`
          : 'User (role: guests)';
    throw new AppwriteError(
      'general_unauthorized_scope',
      `${who} missing scopes (${JSON.stringify([route.scopeName])})`,
    );
  }

  function applyAbuse(
    route: Route,
    ctx: Context,
    method: string,
    host: string,
    headers: Record<string, string | string[]>,
  ): { key: string } | undefined {
    const rule = route.abuse;
    if (rule === undefined) return undefined;
    const email = ctx.body.email;
    const key = abuseKey(rule.key, {
      ip: ctx.ip,
      url: `${host}${route.abusePath ?? route.path}`,
      method,
      userId: ctx.caller.kind === 'user' ? ctx.caller.user.id : '',
      // 1.9.0 keys the login budget by the e-mail as sent, while the user lookup ignores case (issue 11,
      // from the real 1.9.0 run); older dialects keep the lower-cased key.
      'param-email': typeof email === 'string' ? (is19(settings.dialect) ? email : email.toLowerCase()) : '',
    });
    // 1.x: key callers neither count nor get limited, but still receive the headers (§10.3, §10.5).
    const counts = settings.abuseEnabled && ctx.caller.kind !== 'key';
    const verdict: AbuseVerdict = settings.abuse.check(key, rule, counts);
    // Appwrite's spelling (names are case-insensitive; recorded as sent by 1.9.0).
    headers['X-Ratelimit-Limit'] = String(verdict.limit);
    headers['X-Ratelimit-Remaining'] = String(verdict.remaining);
    headers['X-Ratelimit-Reset'] = String(verdict.reset);
    if (verdict.limited) throw new AppwriteError('general_rate_limit_exceeded');
    return { key };
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    // An explicit `Connection` header keeps Node from adding `Keep-Alive: timeout=…`, which the
    // recorded 1.9.0 (Swoole) never sends; the connection itself is kept as the client asked.
    const extra: Record<string, string | string[]> = { connection: wantsClose(req) ? 'close' : 'keep-alive' };
    try {
      const url = req.url ?? '/';
      const q = url.indexOf('?');
      const pathname = q < 0 ? url : url.slice(0, q);
      const search = new URLSearchParams(q < 0 ? '' : url.slice(q + 1));
      const method = req.method ?? 'GET';
      const match = router.match(method, pathname);
      if (match === undefined && !pathname.startsWith('/v1/') && pathname !== '/v1') {
        sendHtmlNotFound(res, extra);
        return;
      }
      if (match === undefined)
        throw new AppwriteError(
          'general_route_not_found',
          ...(is19(settings.dialect) ? [ROUTE_NOT_FOUND] : []),
        );
      const { route } = match;
      // A latency model, not a fault: real Appwrite hashes passwords, so POST /v1/users and logins take
      // ~250 ms whoever calls (issue 8); it applies to API-key callers too.
      const routeDelay = options.routeLatencyMs?.get(`${route.method} ${route.path}`);
      if (routeDelay !== undefined && routeDelay > 0) await sleep(routeDelay);

      if (faults.appliesTo(typeof req.headers['x-appwrite-key'] === 'string')) {
        const delay = faults.delayFor(route.family);
        if (delay > 0) await sleep(delay);
        const injected = faults.errorFor(route.family);
        if (injected !== undefined) throw injected;
      }

      const modelled = latency(route);
      if (modelled > 0) await sleep(modelled);

      const body = hasBody(req)
        ? parseBody(await readBody(req, maxBodyBytes), req.headers['content-type'])
        : {};

      const header = req.headers['x-appwrite-project'];
      const projectId =
        search.get('project') || (typeof header === 'string' && header !== '' ? header : CONSOLE);
      const store = stores.get(projectId) ?? settings.console.storeOf(projectId);
      // `GET /v1/health/version` (public, never faulted) answers whatever project is named.
      const anyProject = route.scope === 'public' && route.family === 'none';
      if (store === undefined && !anyProject) throw new AppwriteError('project_not_found');
      // 1.9.0: a key without a project is refused before anything else (recorded: health.jsonl seq 6).
      const keyHeader = req.headers['x-appwrite-key'];
      if (
        projectId === CONSOLE &&
        typeof keyHeader === 'string' &&
        keyHeader !== '' &&
        version.startsWith('1.9')
      )
        throw new AppwriteError('project_id_missing');
      if (projectId === CONSOLE && !route.projectless) throw new AppwriteError('general_access_forbidden');
      const projectStore = store ?? (stores.get(CONSOLE) as ProjectStore);
      const caller = callerOf(req, projectId, projectStore);
      const host = hostname(req);
      checkScope(route, caller, projectId, host);

      const ctx: Context = {
        settings,
        store: projectStore,
        projectId,
        caller,
        path: match.params,
        body,
        search,
        ip: clientIp(req, settings.dialect),
        hasOrigin: typeof req.headers.origin === 'string' && req.headers.origin !== '',
      };
      const abuse = applyAbuse(route, ctx, method, host, extra);
      if (route.login && settings.dialect.rejectLoginWithSession && caller.kind === 'user') {
        throw new AppwriteError('user_session_already_exists');
      }
      const reply = route.handler(ctx);
      if (route.login && settings.dialect.loginResetsAbuse && reply.status === 201 && abuse && route.abuse) {
        settings.abuse.reset(abuse.key, route.abuse);
      }
      send(res, reply, extra);
    } catch (error) {
      if (error instanceof AppwriteError && error.code === 413) extra.connection = 'close';
      sendError(res, error, extra);
    }
  }

  return (req, res) => {
    req.on('error', () => res.destroy());
    void handle(req, res);
  };
}
