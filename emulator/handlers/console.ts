// The console API routes a bootstrap uses (reference appwrite.md §9, `tests/benchmarks/http.js` setup()
// @0cefd06): teams, projects and project API keys, called by a signed-in console user with
// `X-Appwrite-Project: console`. Each project created here gets its own store and its keys are accepted
// for it, with the scopes they were created with, so a bootstrapped project can run the benchmark.
import { randomBytes } from 'node:crypto';
import { type Context, type Handler, json } from '../context.ts';
import { AppwriteError } from '../errors.ts';
import { isoDate } from '../models.ts';
import * as p from '../params.ts';
import { ProjectStore } from '../store.ts';

interface TeamRecord {
  readonly id: string;
  readonly name: string;
  readonly createdAt: number;
}

interface KeyRecord {
  readonly id: string;
  readonly name: string;
  readonly scopes: readonly string[];
  readonly secret: string;
  readonly createdAt: number;
}

interface ProjectRecord {
  readonly id: string;
  readonly name: string;
  readonly teamId: string;
  readonly createdAt: number;
  readonly keys: KeyRecord[];
}

/** Teams, projects and keys made through the console, and the stores of those projects. */
export class ConsoleState {
  readonly teams = new Map<string, TeamRecord>();
  readonly projects = new Map<string, ProjectRecord>();
  readonly #stores = new Map<string, ProjectStore>();
  readonly #keys = new Map<string, { projectId: string; scopes: readonly string[] }>();

  storeOf(projectId: string): ProjectStore | undefined {
    return this.#stores.get(projectId);
  }

  /** The scopes of a console-made key of that project, or undefined for any other secret. */
  keyScopes(projectId: string, secret: string): readonly string[] | undefined {
    const found = this.#keys.get(secret);
    return found?.projectId === projectId ? found.scopes : undefined;
  }

  addProject(project: ProjectRecord): void {
    this.projects.set(project.id, project);
    this.#stores.set(project.id, new ProjectStore());
  }

  addKey(project: ProjectRecord, key: KeyRecord): void {
    project.keys.push(key);
    this.#keys.set(key.secret, { projectId: project.id, scopes: key.scopes });
  }
}

/** Only a signed-in console user may call these routes (`console` scopes in `app/config/roles.php`). */
function consoleUser(ctx: Context): void {
  if (ctx.projectId !== 'console' || ctx.caller.kind !== 'user') {
    throw new AppwriteError(
      'general_unauthorized_scope',
      'User (role: guests) missing scopes (["teams.write"])',
    );
  }
}

function teamModel(team: TeamRecord): Record<string, unknown> {
  const at = isoDate(team.createdAt);
  return { $id: team.id, $createdAt: at, $updatedAt: at, name: team.name, total: 1, prefs: {} };
}

function projectModel(project: ProjectRecord): Record<string, unknown> {
  const at = isoDate(project.createdAt);
  return {
    $id: project.id,
    $createdAt: at,
    $updatedAt: at,
    name: project.name,
    teamId: project.teamId,
    region: 'default',
    keys: project.keys.map(keyModel),
  };
}

function keyModel(key: KeyRecord): Record<string, unknown> {
  const at = isoDate(key.createdAt);
  return {
    $id: key.id,
    $createdAt: at,
    $updatedAt: at,
    name: key.name,
    expire: null,
    scopes: [...key.scopes],
    // Appwrite returns the secret to console members on create, get and list (`Model\Key`).
    secret: key.secret,
    accessedAt: '',
    sdks: [],
  };
}

function projectOf(ctx: Context): ProjectRecord {
  const project = ctx.settings.console.projects.get(ctx.path.projectId ?? '');
  if (project === undefined) throw new AppwriteError('project_not_found');
  return project;
}

export const createTeam: Handler = (ctx) => {
  consoleUser(ctx);
  const id = p.customId(ctx.body, 'teamId');
  const name = p.text(ctx.body, 'name', 128) ?? '';
  const teams = ctx.settings.console.teams;
  if (teams.has(id)) throw new AppwriteError('team_already_exists');
  const team = { id, name, createdAt: ctx.settings.clock() };
  teams.set(id, team);
  return json(201, teamModel(team));
};

export const listTeams: Handler = (ctx) => {
  consoleUser(ctx);
  const teams = [...ctx.settings.console.teams.values()].map(teamModel);
  return json(200, { total: teams.length, teams });
};

export const createProject: Handler = (ctx) => {
  consoleUser(ctx);
  const id = p.customId(ctx.body, 'projectId');
  const name = p.text(ctx.body, 'name', 128) ?? '';
  const teamId = p.key(ctx.body, 'teamId');
  const state = ctx.settings.console;
  if (!state.teams.has(teamId)) throw new AppwriteError('team_not_found');
  if (state.projects.has(id) || id === ctx.settings.projectId || id === 'console')
    throw new AppwriteError('project_already_exists');
  const project: ProjectRecord = { id, name, teamId, createdAt: ctx.settings.clock(), keys: [] };
  state.addProject(project);
  return json(201, projectModel(project));
};

export const listProjects: Handler = (ctx) => {
  consoleUser(ctx);
  const projects = [...ctx.settings.console.projects.values()].map(projectModel);
  return json(200, { total: projects.length, projects });
};

export const getProject: Handler = (ctx) => {
  consoleUser(ctx);
  return json(200, projectModel(projectOf(ctx)));
};

export const createKey: Handler = (ctx) => {
  consoleUser(ctx);
  const project = projectOf(ctx);
  const name = p.text(ctx.body, 'name', 128) ?? '';
  const scopes = p.stringArray(ctx.body, 'scopes');
  if (scopes === undefined)
    throw new AppwriteError('general_argument_invalid', 'Param "scopes" is not optional.');
  // 1.9 takes an optional custom `keyId`; earlier versions generate one.
  const id = ctx.body.keyId === undefined ? randomBytes(10).toString('hex') : p.customId(ctx.body, 'keyId');
  const key: KeyRecord = {
    id,
    name,
    scopes: [...new Set(scopes)],
    secret: `standard_${randomBytes(32).toString('hex')}`,
    createdAt: ctx.settings.clock(),
  };
  ctx.settings.console.addKey(project, key);
  return json(201, keyModel(key));
};

export const listKeys: Handler = (ctx) => {
  consoleUser(ctx);
  const keys = projectOf(ctx).keys.map(keyModel);
  return json(200, { total: keys.length, keys });
};
