import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../../app-env.js';
import { webhookBodyFor } from '../../../providers/index.js';
import * as handlers from './webhooks.handlers.js';
import * as routes from './webhooks.routes.js';

export function registerWebhookRoutes(app: OpenAPIHono<AppEnv>): void {
  // The routes reference these by name (see webhooks.routes.ts for why they are not attached).
  app.openAPIRegistry.register('CleverWebhookBody', webhookBodyFor('clever').schema);
  app.openAPIRegistry.register('ClassLinkWebhookBody', webhookBodyFor('classlink').schema);
  app.openapi(routes.cleverWebhook, handlers.clever);
  app.openapi(routes.classLinkWebhook, handlers.classLink);
}
