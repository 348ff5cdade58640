// The in-memory data of one emulated project. Plain maps; handlers own the rules, this module only
// holds records and hands out ids and sequence numbers.
import { randomBytes } from 'node:crypto';
import type { ParsedPermissions } from './permissions.ts';

export interface UserRecord {
  readonly id: string;
  readonly createdAt: number;
  updatedAt: number;
  accessedAt: number;
  name: string;
  email: string;
  passwordHash: string;
  readonly salt: string;
  /** Oldest first, so the 10-session cap drops from the front. */
  readonly sessions: SessionRecord[];
}

export interface SessionRecord {
  readonly id: string;
  readonly userId: string;
  readonly secret: string;
  readonly createdAt: number;
  readonly expire: number;
  readonly ip: string;
  readonly email: string;
}

export type AttributeType = 'string' | 'integer' | 'boolean';

export interface AttributeRecord {
  readonly key: string;
  readonly type: AttributeType;
  readonly required: boolean;
  readonly array: boolean;
  readonly size?: number;
  readonly min?: number;
  readonly max?: number;
  readonly default: string | number | boolean | null;
  readonly createdAt: number;
  /** Created inline with its table (1.9 `columns[]`): available at once. */
  readonly inline?: true;
}

export interface DocumentRecord {
  readonly id: string;
  readonly sequence: number;
  readonly createdAt: number;
  updatedAt: number;
  permissions: ParsedPermissions;
  data: Record<string, unknown>;
}

export interface CollectionRecord {
  readonly id: string;
  readonly databaseId: string;
  name: string;
  enabled: boolean;
  /** documentSecurity / rowSecurity. */
  security: boolean;
  permissions: ParsedPermissions;
  readonly createdAt: number;
  updatedAt: number;
  readonly attributes: Map<string, AttributeRecord>;
  readonly documents: Map<string, DocumentRecord>;
  nextSequence: number;
}

export interface DatabaseRecord {
  readonly id: string;
  name: string;
  enabled: boolean;
  readonly type: 'legacy' | 'tablesdb';
  readonly createdAt: number;
  updatedAt: number;
  readonly collections: Map<string, CollectionRecord>;
}

export class ProjectStore {
  readonly users = new Map<string, UserRecord>();
  readonly usersByEmail = new Map<string, UserRecord>();
  readonly sessionsById = new Map<string, SessionRecord>();
  readonly databases = new Map<string, DatabaseRecord>();

  deleteUser(user: UserRecord): void {
    for (const session of user.sessions) this.sessionsById.delete(session.id);
    this.users.delete(user.id);
    this.usersByEmail.delete(user.email);
  }

  deleteSession(user: UserRecord, session: SessionRecord): void {
    const index = user.sessions.indexOf(session);
    if (index >= 0) user.sessions.splice(index, 1);
    this.sessionsById.delete(session.id);
  }
}

// Random bytes are drawn in blocks: one `randomBytes` call per id cost ~5 % of a row create.
let pool = randomBytes(4096);
let offset = 0;

function randomHex(bytes: number): string {
  if (offset + bytes > pool.length) {
    pool = randomBytes(4096);
    offset = 0;
  }
  offset += bytes;
  return pool.toString('hex', offset - bytes, offset);
}

/** `ID.unique()`-like: 20 hex chars (Appwrite: uniqid() + 7 random hex). */
export function uniqueId(): string {
  return randomHex(10);
}

/** Session secrets: Appwrite generates 256 hex chars (`Auth::tokenGenerator()`); 64 bytes here. */
export function sessionSecret(): string {
  return randomBytes(64).toString('hex');
}
