import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../../app-env.js';
import * as handlers from './notifications.handlers.js';
import * as routes from './notifications.routes.js';

export function registerNotificationRoutes(app: OpenAPIHono<AppEnv>): void {
  app.openapi(routes.createNotificationEndpoint, handlers.create);
  app.openapi(routes.listNotificationEndpoints, handlers.list);
  app.openapi(routes.getNotificationEndpoint, handlers.get);
  app.openapi(routes.updateNotificationEndpoint, handlers.update);
  app.openapi(routes.deleteNotificationEndpoint, handlers.remove);
}
