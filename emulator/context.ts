// What a handler receives and returns. Handlers never touch `node:http`; the server turns a Reply
// into status, headers and body.
import type { AbuseCounters } from './abuse.ts';
import type { Dialect } from './dialect.ts';
import type { ConsoleState } from './handlers/console.ts';
import type { Params } from './params.ts';
import type { ProjectStore, SessionRecord, UserRecord } from './store.ts';

export type Caller =
  | {
      readonly kind: 'key' /** Set for keys made through the console API, which have scopes. */;
      readonly secret?: string;
    }
  | { readonly kind: 'guest' }
  | { readonly kind: 'user'; readonly user: UserRecord; readonly session: SessionRecord };

export interface Settings {
  readonly dialect: Dialect;
  readonly projectId: string;
  readonly clock: () => number;
  readonly attributeDelayMs: number;
  readonly maxDocumentsPerCollection: number;
  readonly abuseEnabled: boolean;
  readonly abuse: AbuseCounters;
  /** Projects and keys made through the console API (bootstrap). */
  readonly console: ConsoleState;
}

export interface Context {
  readonly settings: Settings;
  readonly store: ProjectStore;
  readonly projectId: string;
  readonly caller: Caller;
  readonly path: Readonly<Record<string, string>>;
  readonly body: Params;
  readonly search: URLSearchParams;
  readonly ip: string;
  /** The request carried an Origin header (decides `X-Fallback-Cookies` on login). */
  readonly hasOrigin: boolean;
}

export interface Reply {
  readonly status: number;
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string | string[]>>;
}

export type Handler = (ctx: Context) => Reply;

export function json(status: number, body: unknown): Reply {
  return { status, body };
}

export const NO_CONTENT: Reply = { status: 204 };
