import { Hono } from 'hono';
import { z } from 'zod';
import type { DistrictStore, SimChange, SimMutation } from '../district/model.js';
import { isSimMutationError } from '../district/mutation-error.js';
import type { FaultInjector } from './faults.js';

/**
 * Test-only control plane, outside the signed API: apply district mutations and set fault
 * knobs. The store checks record shapes itself; here only the envelope of a mutation is checked.
 */

const kind = z.enum(['schools', 'terms', 'courses', 'users', 'sections']);
const mutation = z.discriminatedUnion('op', [
  z.object({ op: z.literal('create'), kind, record: z.record(z.string(), z.unknown()) }),
  z.object({ op: z.literal('update'), kind, id: z.string(), patch: z.record(z.string(), z.unknown()) }),
  z.object({ op: z.literal('delete'), kind, id: z.string() }),
  z.object({ op: z.literal('enroll'), sectionId: z.string(), userId: z.string(), role: z.enum(['student', 'teacher']) }),
  z.object({ op: z.literal('unenroll'), sectionId: z.string(), userId: z.string() }),
]);
const mutationBody = z.union([mutation, z.array(mutation)]);

const faultPatch = z.strictObject({
  latencyMs: z.number().min(0).optional(),
  rateLimitRate: z.number().min(0).max(1).optional(),
  serverErrorRate: z.number().min(0).max(1).optional(),
  malformedRate: z.number().min(0).max(1).optional(),
  slowPage: z
    .strictObject({ path: z.string(), delayMs: z.number().min(0) })
    .nullable()
    .optional(),
  retryAfterSeconds: z.number().int().min(0).optional(),
  seed: z.number().int().optional(),
});

const STATUS_OF_REASON = { not_found: 404, invalid: 400, conflict: 409 } as const;

export function createControlRoutes(store: DistrictStore, faults: FaultInjector): Hono {
  const app = new Hono();

  app.post('/mutate', async (c) => {
    const body: unknown = await c.req.json().catch(() => undefined);
    const parsed = mutationBody.safeParse(body);
    if (!parsed.success) return c.json({ error: 'invalid mutation', issues: parsed.error.issues }, 400);
    const mutations = (Array.isArray(parsed.data) ? parsed.data : [parsed.data]) as SimMutation[];
    const changes: SimChange[] = [];
    try {
      for (const m of mutations) changes.push(...store.mutate(m));
    } catch (error) {
      if (isSimMutationError(error)) return c.json({ error: error.message, reason: error.reason, applied: changes }, STATUS_OF_REASON[error.reason]);
      throw error;
    }
    return c.json({ changes });
  });

  app.get('/faults', (c) => c.json(faults.current));
  app.post('/faults', async (c) => {
    const parsed = faultPatch.safeParse(await c.req.json().catch(() => undefined));
    if (!parsed.success) return c.json({ error: 'invalid fault settings', issues: parsed.error.issues }, 400);
    faults.update(parsed.data);
    return c.json(faults.current);
  });
  app.delete('/faults', (c) => {
    faults.reset();
    return c.json(faults.current);
  });

  return app;
}
