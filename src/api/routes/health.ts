import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../app-env.js';

const liveness = createRoute({
  method: 'get',
  path: '/healthz',
  tags: ['health'],
  summary: 'Liveness: the process serves HTTP',
  security: [],
  responses: { 200: { description: 'alive', content: { 'application/json': { schema: z.object({ status: z.literal('ok') }) } } } },
});

const checkResult = z.object({ status: z.enum(['ok', 'failing']), error: z.string().optional() });
const readinessBody = z.object({ status: z.enum(['ready', 'not_ready']), checks: z.record(z.string(), checkResult) });

const readiness = createRoute({
  method: 'get',
  path: '/readyz',
  tags: ['health'],
  summary: 'Readiness: Temporal and the database answer',
  security: [],
  responses: {
    200: { description: 'ready', content: { 'application/json': { schema: readinessBody } } },
    503: { description: 'a dependency is down', content: { 'application/json': { schema: readinessBody } } },
  },
});

export function registerHealthRoutes(app: OpenAPIHono<AppEnv>): void {
  app.openapi(liveness, (c) => c.json({ status: 'ok' as const }, 200));
  app.openapi(readiness, async (c) => {
    const probes = c.get('deps').readiness;
    const entries = await Promise.all(
      Object.entries(probes).map(async ([name, probe]) => {
        try {
          await withTimeout(probe(), 3000);
          return [name, { status: 'ok' as const }] as const;
        } catch (error) {
          return [name, { status: 'failing' as const, error: error instanceof Error ? error.message : String(error) }] as const;
        }
      }),
    );
    const checks = Object.fromEntries(entries);
    const ready = entries.every(([, result]) => result.status === 'ok');
    return ready ? c.json({ status: 'ready' as const, checks }, 200) : c.json({ status: 'not_ready' as const, checks }, 503);
  });
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return Promise.race([promise, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms).unref())]);
}
