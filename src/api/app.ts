import { OpenAPIHono } from '@hono/zod-openapi';
import { Scalar } from '@scalar/hono-api-reference';
import { bodyLimit } from 'hono/body-limit';
import { HTTPException } from 'hono/http-exception';
import type { ZodError } from 'zod';
import type { ApiDeps, AppEnv } from './app-env.js';
import { ApiError, validationError } from './errors.js';
import { registerHealthRoutes } from './routes/health.js';

export const MAX_BODY_BYTES = 1024 * 1024;

export const openApiInfo = { openapi: '3.0.3', info: { title: 'SIS Bridge API', version: '0.1.0' } } as const;

/** Builds the Hono app: one place for error mapping, validation hook, body limit and docs. */
export function createApp(deps: ApiDeps): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>({
    // Every zod validation failure becomes the one error shape, naming each bad field.
    defaultHook: (result) => {
      if (!result.success) throw validationError(result.target, result.error as ZodError);
    },
  });

  app.use('*', async (c, next) => {
    c.set('deps', deps);
    await next();
  });
  app.use(
    '*',
    bodyLimit({
      maxSize: MAX_BODY_BYTES,
      onError: () => {
        throw new ApiError(413, 'payload_too_large', `request body exceeds ${MAX_BODY_BYTES} bytes`);
      },
    }),
  );

  registerHealthRoutes(app);

  app.doc('/openapi.json', openApiInfo);
  app.get('/docs', Scalar({ url: '/openapi.json', pageTitle: 'SIS Bridge API' }));

  app.notFound((c) => c.json(new ApiError(404, 'not_found', `no route for ${c.req.method} ${c.req.path}`).toBody(), 404));
  app.onError((error, c) => {
    if (error instanceof ApiError) return c.json(error.toBody(), error.status);
    if (error instanceof HTTPException) {
      // Hono raises these for malformed JSON and similar request-level problems.
      const code = error.status === 400 ? 'bad_request' : 'http_error';
      return c.json(new ApiError(400, code, error.message || 'malformed request').toBody(), error.status);
    }
    deps.logger.error({ err: error, path: c.req.path }, 'unhandled API error');
    return c.json(new ApiError(500, 'internal_error', 'internal error').toBody(), 500);
  });
  return app;
}
