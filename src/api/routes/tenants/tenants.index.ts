import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../../app-env.js';
import * as handlers from './tenants.handlers.js';
import * as routes from './tenants.routes.js';

export function registerTenantRoutes(app: OpenAPIHono<AppEnv>): void {
  app.openapi(routes.createTenant, handlers.create);
  app.openapi(routes.listTenants, handlers.list);
  app.openapi(routes.getTenant, handlers.get);
  app.openapi(routes.updateTenant, handlers.update);
}
