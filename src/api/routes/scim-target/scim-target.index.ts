import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../../app-env.js';
import * as handlers from './scim-target.handlers.js';
import * as routes from './scim-target.routes.js';

export function registerScimTargetRoutes(app: OpenAPIHono<AppEnv>): void {
  app.openapi(routes.getScimTarget, handlers.get);
  app.openapi(routes.putScimTarget, handlers.put);
}
