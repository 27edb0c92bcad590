import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../../app-env.js';
import * as handlers from './providers.handlers.js';
import * as routes from './providers.routes.js';

export function registerProviderRoutes(app: OpenAPIHono<AppEnv>): void {
  app.openapi(routes.listProviders, handlers.list);
  app.openapi(routes.createProvider, handlers.create);
  app.openapi(routes.getProvider, handlers.get);
  app.openapi(routes.updateProvider, handlers.update);
  app.openapi(routes.deleteProvider, handlers.remove);
}
