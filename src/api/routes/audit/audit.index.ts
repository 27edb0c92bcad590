import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../../app-env.js';
import * as handlers from './audit.handlers.js';
import * as routes from './audit.routes.js';

export function registerAuditRoutes(app: OpenAPIHono<AppEnv>): void {
  app.openapi(routes.listAuditEntries, handlers.list);
  app.openapi(routes.runChangesCsv, handlers.changes);
}
