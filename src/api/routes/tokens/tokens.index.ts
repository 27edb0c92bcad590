import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../../app-env.js';
import * as handlers from './tokens.handlers.js';
import * as routes from './tokens.routes.js';

export function registerTokenRoutes(app: OpenAPIHono<AppEnv>): void {
  app.openapi(routes.createToken, handlers.create);
  app.openapi(routes.listTokens, handlers.list);
  app.openapi(routes.revokeToken, handlers.revoke);
}
