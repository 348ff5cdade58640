// Route entries of the console API (handlers in console.ts), kept apart so routes.ts needs one line.
// `projectless`: they are served with the console project; the handlers require a console session.
import type { Route } from '../routes.ts';
import * as c from './console.ts';

export function consoleRoutes(): Route[] {
  const r = (method: string, path: string, handler: Route['handler'], scopeName: string): Route => ({
    method,
    path,
    handler,
    scope: 'account',
    scopeName,
    family: 'none',
    projectless: true,
  });
  return [
    r('POST', '/v1/teams', c.createTeam, 'teams.write'),
    r('GET', '/v1/teams', c.listTeams, 'teams.read'),
    r('POST', '/v1/projects', c.createProject, 'projects.write'),
    r('GET', '/v1/projects', c.listProjects, 'projects.read'),
    r('GET', '/v1/projects/:projectId', c.getProject, 'projects.read'),
    r('POST', '/v1/projects/:projectId/keys', c.createKey, 'keys.write'),
    r('GET', '/v1/projects/:projectId/keys', c.listKeys, 'keys.read'),
  ];
}
