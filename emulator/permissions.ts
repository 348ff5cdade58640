// Appwrite 1.x permission strings `action("role")` (reference appwrite.md §7) and the role set of a caller
// (utopia-php/database `Authorization`; roles built in `app/init/resources.php` `user` resource).
import { AppwriteError } from './errors.ts';

export type Action = 'read' | 'create' | 'update' | 'delete';
export type Permissions = Readonly<Record<Action, readonly string[]>>;

const PERMISSION = /^(read|create|update|delete|write)\("([^"]+)"\)$/;
const ROLE =
  /^(any|guests|users(\/(verified|unverified))?|user:[^/]+(\/(verified|unverified))?|team:[^/]+(\/[^/]+)?|member:.+|label:.+)$/;

export interface ParsedPermissions {
  /** As Appwrite stores and returns them: `write` expanded into create/update/delete. */
  readonly strings: readonly string[];
  readonly byAction: Permissions;
}

/** Parses `permissions[]`; `write` aggregates create+update+delete (`Permission::aggregate`). */
export function parsePermissions(input: readonly string[]): ParsedPermissions {
  const byAction: Record<Action, string[]> = { read: [], create: [], update: [], delete: [] };
  const strings: string[] = [];
  for (const raw of input) {
    const match = PERMISSION.exec(raw);
    const action = match?.[1];
    const role = match?.[2];
    if (action === undefined || role === undefined || !ROLE.test(role)) {
      throw new AppwriteError(
        'general_argument_invalid',
        `Invalid \`permissions\` param: Permission "${raw}" is not allowed. Must be one of: read, create, update, delete, write with a valid role.`,
      );
    }
    const actions: Action[] = action === 'write' ? ['create', 'update', 'delete'] : [action as Action];
    for (const a of actions) {
      if (!byAction[a].includes(role)) {
        byAction[a].push(role);
        strings.push(`${a}("${role}")`);
      }
    }
  }
  return { strings, byAction };
}

/** Roles of a guest or a signed-in user; key callers skip authorization instead. */
export function rolesOf(userId: string | undefined): readonly string[] {
  if (userId === undefined) return ['any', 'guests'];
  // In 1.9.0's order, which its "Permissions must be one of" message shows (tablesdb.jsonl seq 59).
  return ['any', 'users', `user:${userId}`, `user:${userId}/unverified`, 'users/unverified'];
}

export function allows(roles: readonly string[], granted: readonly string[]): boolean {
  for (const role of granted) if (roles.includes(role)) return true;
  return false;
}

/**
 * A client may only grant roles it holds (`Documents/Create.php`: "Permissions must be one of: ...").
 * Key callers are not checked.
 */
export function assertGrantable(roles: readonly string[], parsed: ParsedPermissions): void {
  for (const action of ['read', 'create', 'update', 'delete'] as const) {
    for (const role of parsed.byAction[action]) {
      if (!roles.includes(role)) {
        throw new AppwriteError('user_unauthorized', `Permissions must be one of: (${roles.join(', ')})`);
      }
    }
  }
}

/** The permissions a document gets when its creator names none (read/update/delete for that user). */
export function ownerPermissions(userId: string): ParsedPermissions {
  const role = `user:${userId}`;
  return {
    strings: [`read("${role}")`, `update("${role}")`, `delete("${role}")`],
    byAction: { read: [role], create: [], update: [role], delete: [role] },
  };
}
