// Health routes (reference appwrite.md §8): `GET /v1/health/version` is public and needs no project
// (`src/Appwrite/Platform/Modules/Health/Http/Health/Version/Get.php`); `GET /v1/health` needs
// `health.read` and answers the healthStatus model.
import { type Handler, json } from '../context.ts';

export const getVersion: Handler = (ctx) => json(200, { version: ctx.settings.dialect.version });

export const getHealth: Handler = () => json(200, { name: 'http', ping: 0, status: 'pass' });
