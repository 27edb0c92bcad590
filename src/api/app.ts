import { OpenAPIHono } from '@hono/zod-openapi';
import { bodyLimit } from 'hono/body-limit';
import { HTTPException } from 'hono/http-exception';
import type { ZodError } from 'zod';
import { metricsEndpoint } from '../metrics/metrics-endpoint.js';
import { countWebhookDeliveries } from '../metrics/webhook-deliveries.js';
import { traceRequests } from '../telemetry/request-tracing.js';
import { isAdminError } from '../admin/index.js';
import { apiErrorOfAdmin } from './admin-context.js';
import type { ApiDeps, ApiGuards, AppEnv } from './app-env.js';
import { authenticate } from './auth/authenticate.js';
import { AuthFailureLimiter } from './auth/failure-limiter.js';
import { ApiError, validationError } from './errors.js';
import { loggableFailure } from './failure-log.js';
import { allowedMethodsOf } from './method-not-allowed.js';
import { rejectNul } from './input/nul-guard.js';
import { requireDeclaredBodies } from './input/required-body.js';
import { registerAuditRoutes } from './routes/audit/audit.index.js';
import { registerDocsRoutes } from './routes/docs.js';
import { registerHealthRoutes } from './routes/health.js';
import { registerNotificationRoutes } from './routes/notifications/notifications.index.js';
import { registerProviderRoutes } from './routes/providers/providers.index.js';
import { registerScimTargetRoutes } from './routes/scim-target/scim-target.index.js';
import { registerSeatRoutes } from './routes/seats/seats.index.js';
import { registerSyncRoutes } from './routes/sync/sync.index.js';
import { registerTenantRoutes } from './routes/tenants/tenants.index.js';
import { registerTokenRoutes } from './routes/tokens/tokens.index.js';
import { WebhookRejectionAudit } from './routes/webhooks/rejection-audit.js';
import { recordOversizedDelivery } from './routes/webhooks/webhooks.handlers.js';
import { registerWebhookRoutes } from './routes/webhooks/webhooks.index.js';

/** @internal exported for its tests as well */
export const MAX_BODY_BYTES = 1024 * 1024;

const BEARER_SCHEME = 'bearerAuth';

const openApiInfo = {
  openapi: '3.1.0',
  info: {
    title: 'SIS Bridge API',
    version: '0.1.0',
    description:
      'Bearer tokens on every route except health, docs and webhooks. The admin token (ADMIN_API_TOKEN) reaches every tenant; a tenant token only the routes under its own tenant id. No string may contain U+0000 (400 naming the field). Failed authentications are limited per client address (429 with Retry-After).',
  },
  security: [{ [BEARER_SCHEME]: [] as string[] }],
};

/** Statuses Hono itself raises (malformed JSON, unsupported media type) and their error codes. */
const HTTP_EXCEPTION_CODES: Record<number, [ApiError['status'], string]> = {
  400: [400, 'bad_request'],
  413: [413, 'payload_too_large'],
  415: [415, 'unsupported_media_type'],
};

/** Builds the Hono app: one place for error mapping, validation hook, auth, body limit and docs. */
export function createApp(deps: ApiDeps): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>({
    // Every zod validation failure becomes the one error shape, naming each bad field.
    defaultHook: (result) => {
      if (!result.success) throw validationError(result.target, result.error as ZodError);
    },
  });

  app.use('*', traceRequests());
  const limit = deps.settings.authFailureLimit ?? 20;
  const windowSeconds = deps.settings.authFailureWindowSeconds ?? 60;
  const guards: ApiGuards = {
    apiFailures: new AuthFailureLimiter(limit, windowSeconds),
    webhookFailures: new AuthFailureLimiter(limit, windowSeconds),
    webhookRejections: deps.webhookRejections ?? new WebhookRejectionAudit(deps.db, deps.logger),
  };
  app.use('*', async (c, next) => {
    c.set('deps', deps);
    c.set('guards', guards);
    await next();
  });
  // Scrapes carry METRICS_TOKEN (or nothing), not API tokens: answered before authentication.
  app.use('/metrics', metricsEndpoint(deps.metrics));
  app.use('/webhooks/*', countWebhookDeliveries());
  app.use('*', authenticate());
  app.use(
    '*',
    bodyLimit({
      maxSize: MAX_BODY_BYTES,
      onError: async (c) => {
        if (c.req.path.startsWith('/webhooks/')) await recordOversizedDelivery(c);
        throw new ApiError(413, 'payload_too_large', `request body exceeds ${MAX_BODY_BYTES} bytes`);
      },
    }),
  );
  app.use('*', rejectNul());
  app.use('*', requireDeclaredBodies(app));

  registerHealthRoutes(app);
  registerTenantRoutes(app);
  registerTokenRoutes(app);
  registerProviderRoutes(app);
  registerScimTargetRoutes(app);
  registerSyncRoutes(app);
  registerAuditRoutes(app);
  registerSeatRoutes(app);
  registerWebhookRoutes(app);
  registerNotificationRoutes(app);

  app.openAPIRegistry.registerComponent('securitySchemes', BEARER_SCHEME, {
    type: 'http',
    scheme: 'bearer',
    description: 'ADMIN_API_TOKEN, or a tenant token from POST /tenants/{tenant_id}/tokens',
  });
  app.doc31('/openapi.json', openApiInfo);
  registerDocsRoutes(app);

  const allowedMethods = allowedMethodsOf(app);
  app.notFound((c) => {
    const allowed = allowedMethods(c.req.path);
    if (allowed.length > 0) {
      const error = new ApiError(405, 'method_not_allowed', `${c.req.method} is not served on ${c.req.path}; allowed: ${allowed.join(', ')}`);
      return c.json(error.toBody(), 405, { allow: allowed.join(', ') });
    }
    return c.json(new ApiError(404, 'not_found', `no route for ${c.req.method} ${c.req.path}`).toBody(), 404);
  });
  app.onError((error, c) => {
    if (error instanceof ApiError) return c.json(error.toBody(), error.status, error.headers);
    if (isAdminError(error)) {
      const apiError = apiErrorOfAdmin(error);
      return c.json(apiError.toBody(), apiError.status);
    }
    if (error instanceof HTTPException) {
      // Hono raises these for malformed JSON, a wrong Content-Type and similar request-level problems.
      const [status, code] = HTTP_EXCEPTION_CODES[error.status] ?? [400, 'bad_request'];
      return c.json(new ApiError(status, code, error.message || 'malformed request').toBody(), status);
    }
    deps.logger.error({ failure: loggableFailure(error), method: c.req.method, path: c.req.path }, 'unhandled API error');
    return c.json(new ApiError(500, 'internal_error', 'internal error').toBody(), 500);
  });
  return app;
}
