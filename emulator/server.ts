// The request pipeline, in the order of Appwrite's hooks (`app/controllers/general.php` and
// `app/controllers/shared/api.php` @0cefd06): route → project → caller (key or session) → scope →
// abuse → session guard → handler → response, with Appwrite's error body on any failure.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { type AbuseVerdict, abuseKey } from './abuse.ts';
import type { Caller, Context, Reply, Settings } from './context.ts';
import { AppwriteError, errorBody } from './errors.ts';
import type { Faults } from './faults.ts';
import { hasBody, parseBody, readBody } from './request-body.ts';
import type { Route, Router } from './routes.ts';
import { resolveSession } from './sessions.ts';
import { ProjectStore } from './store.ts';

const JSON_TYPE = 'application/json; charset=UTF-8';
const CONSOLE = 'console';

export interface PipelineOptions {
  readonly settings: Settings;
  readonly router: Router;
  readonly faults: Faults;
  readonly apiKey: string;
  readonly maxBodyBytes: number;
  /** Fixed latency in ms per route, keyed `METHOD /v1/path-template` (`--latency-ms-route`), for every caller. */
  readonly routeLatencyMs?: ReadonlyMap<string, number>;
}

/** The caller's IP: first `X-Forwarded-For` entry, else the socket (reference appwrite.md §10.6). */
function clientIp(req: IncomingMessage): string {
  const forwarded = req.headers['x-forwarded-for'];
  if (typeof forwarded === 'string' && forwarded !== '') {
    const first = forwarded.split(',')[0]?.trim();
    if (first) return first;
  }
  return req.socket.remoteAddress ?? '';
}

function hostname(req: IncomingMessage): string {
  const host = req.headers.host ?? '';
  return host.startsWith('[') ? host.slice(0, host.indexOf(']') + 1) : (host.split(':')[0] ?? '');
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export function createPipeline(
  options: PipelineOptions,
): (req: IncomingMessage, res: ServerResponse) => void {
  const { settings, router, faults, apiKey, maxBodyBytes } = options;
  const stores = new Map<string, ProjectStore>([
    [settings.projectId, new ProjectStore()],
    [CONSOLE, new ProjectStore()],
  ]);
  const version = settings.dialect.version;

  function send(res: ServerResponse, reply: Reply, extra: Record<string, string | string[]>): void {
    const headers: Record<string, string | string[]> = { ...extra, ...reply.headers };
    if (reply.status === 204 || reply.body === undefined) {
      res.writeHead(reply.status, headers);
      res.end();
      return;
    }
    const body = JSON.stringify(reply.body);
    headers['content-type'] = JSON_TYPE;
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
    const headers = { ...extra, 'content-type': JSON_TYPE };
    res.writeHead(appwrite.code, headers);
    res.end(errorBody(appwrite, version));
  }

  function callerOf(req: IncomingMessage, projectId: string, store: ProjectStore): Caller {
    const key = req.headers['x-appwrite-key'];
    // An unknown key leaves the caller a guest, so key-only routes answer `general_unauthorized_scope`
    // "User (role: guests) missing scopes" (`shared/api.php`: the key lookup only upgrades the role).
    if (typeof key === 'string' && key !== '' && projectId !== CONSOLE && key === apiKey)
      return { kind: 'key' };
    const found = resolveSession(req.headers, projectId, store, settings.dialect, settings.clock());
    return found === undefined ? { kind: 'guest' } : { kind: 'user', ...found };
  }

  function checkScope(route: Route, caller: Caller, projectId: string, host: string): void {
    const ok =
      route.scope === 'public' ||
      route.scope === 'documents' ||
      (route.scope === 'account' && caller.kind === 'user') ||
      (route.scope === 'key' && caller.kind === 'key');
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
      'param-email': typeof email === 'string' ? email.toLowerCase() : '',
    });
    // 1.x: key callers neither count nor get limited, but still receive the headers (§10.3, §10.5).
    const counts = settings.abuseEnabled && ctx.caller.kind !== 'key';
    const verdict: AbuseVerdict = settings.abuse.check(key, rule, counts);
    headers['x-ratelimit-limit'] = String(verdict.limit);
    headers['x-ratelimit-remaining'] = String(verdict.remaining);
    headers['x-ratelimit-reset'] = String(verdict.reset);
    if (verdict.limited) throw new AppwriteError('general_rate_limit_exceeded');
    return { key };
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const extra: Record<string, string | string[]> = {};
    try {
      const url = req.url ?? '/';
      const q = url.indexOf('?');
      const pathname = q < 0 ? url : url.slice(0, q);
      const search = new URLSearchParams(q < 0 ? '' : url.slice(q + 1));
      const method = req.method ?? 'GET';
      const match = router.match(method, pathname);
      if (match === undefined) throw new AppwriteError('general_route_not_found');
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

      const body = hasBody(req)
        ? parseBody(await readBody(req, maxBodyBytes), req.headers['content-type'])
        : {};

      const header = req.headers['x-appwrite-project'];
      const projectId =
        search.get('project') || (typeof header === 'string' && header !== '' ? header : CONSOLE);
      const store = stores.get(projectId);
      // `GET /v1/health/version` (public, never faulted) answers whatever project is named.
      const anyProject = route.scope === 'public' && route.family === 'none';
      if (store === undefined && !anyProject) throw new AppwriteError('project_not_found');
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
        ip: clientIp(req),
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
