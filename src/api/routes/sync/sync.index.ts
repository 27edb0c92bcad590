import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../../app-env.js';
import * as deletions from './deletions.handlers.js';
import * as deletionRoutes from './deletions.routes.js';
import * as handlers from './sync.handlers.js';
import * as routes from './sync.routes.js';

export function registerSyncRoutes(app: OpenAPIHono<AppEnv>): void {
  app.openapi(routes.startSync, handlers.start);
  app.openapi(routes.syncStatus, handlers.status);
  app.openapi(routes.stopSync, handlers.stop);
  app.openapi(routes.syncHistory, handlers.history);
  app.openapi(deletionRoutes.listHeldDeletions, deletions.list);
  app.openapi(deletionRoutes.approveDeletions, deletions.approve);
  app.openapi(deletionRoutes.discardDeletions, deletions.discard);
}
