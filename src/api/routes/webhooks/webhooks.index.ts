import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../../app-env.js';
import { webhookBodyFor } from '../../../providers/index.js';
import * as handlers from './webhooks.handlers.js';
import * as routes from './webhooks.routes.js';

export function registerWebhookRoutes(app: OpenAPIHono<AppEnv>): void {
  // The routes reference these by name (see webhooks.routes.ts for why they are not attached).
  // Clones: zod 4 copies prototype methods onto a schema when it is built, so a provider schema
  // built before @hono/zod-openapi added .openapi() to zod lacks it; a clone built now has it.
  app.openAPIRegistry.register('CleverWebhookBody', webhookBodyFor('clever').schema.clone());
  app.openAPIRegistry.register('ClassLinkWebhookBody', webhookBodyFor('classlink').schema.clone());
  app.openapi(routes.cleverWebhook, handlers.clever);
  app.openapi(routes.classLinkWebhook, handlers.classLink);
}
