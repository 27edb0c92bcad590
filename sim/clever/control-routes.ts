import { withoutUndefined } from '../../src/domain/without-undefined.js';
import type { Context, Hono } from 'hono';
import { z } from 'zod';
import type { DistrictStore, SimMutation } from '../district/model.js';
import { isSimMutationError } from '../district/mutation-error.js';
import { eventIdOf } from './events.js';
import type { FaultInjector } from './faults.js';
import type { FixedWindowRateLimiter } from './rate-limit.js';

/**
 * Test-only control surface under `/control` (no Clever auth, not part of Clever's API):
 * mutate the district (each change becomes a Clever event), set fault knobs, age events.
 */
const kind = z.enum(['schools', 'terms', 'courses', 'users', 'sections']);
const recordId = z.string().min(1);
const mutationSchema = z.discriminatedUnion('op', [
  z.object({ op: z.literal('create'), kind, record: z.looseObject({ id: recordId }) }),
  z.object({ op: z.literal('update'), kind, id: recordId, patch: z.record(z.string(), z.unknown()) }),
  z.object({ op: z.literal('delete'), kind, id: recordId }),
  z.object({ op: z.literal('enroll'), sectionId: recordId, userId: recordId, role: z.enum(['student', 'teacher']) }),
  z.object({ op: z.literal('unenroll'), sectionId: recordId, userId: recordId }),
]);
const mutateBody = z.union([mutationSchema, z.array(mutationSchema).min(1)]);

const unit = z.number().min(0).max(1);
const faultsBody = z.object({
  latencyMs: z.number().int().min(0).optional(),
  rate429: unit.optional(),
  rate5xx: unit.optional(),
  malformedRate: unit.optional(),
  slowPage: z
    .object({ path: z.string(), startingAfter: z.string().nullable().optional(), delayMs: z.number().int().min(0) })
    .nullable()
    .optional(),
  seed: z.number().int().optional(),
  reset: z.boolean().optional(),
});

const expireBody = z.object({ now: z.iso.datetime({ offset: true }).optional(), retentionDays: z.number().positive().optional() });
const rateLimitBody = z.object({ limit: z.number().int().positive().optional(), windowMs: z.number().int().positive().optional() });

export interface ControlDeps {
  store: DistrictStore;
  faults: FaultInjector;
  limiter: FixedWindowRateLimiter;
  clock: () => Date;
}

async function jsonBody(c: Context): Promise<unknown> {
  try {
    return await c.req.json();
  } catch {
    return undefined;
  }
}

export function registerControlRoutes(control: Hono, deps: ControlDeps): void {
  control.post('/mutate', async (c) => {
    const parsed = mutateBody.safeParse(await jsonBody(c));
    if (!parsed.success) return c.json({ message: z.prettifyError(parsed.error) }, 400);
    const mutations = (Array.isArray(parsed.data) ? parsed.data : [parsed.data]) as SimMutation[];
    const eventIds: string[] = [];
    // Mutations apply in order; on the first refusal the earlier ones stay applied and their
    // event ids are reported with the error.
    for (const mutation of mutations) {
      try {
        for (const change of deps.store.mutate(mutation)) eventIds.push(eventIdOf(change.seq));
      } catch (error) {
        if (!isSimMutationError(error)) throw error;
        const status = error.reason === 'not_found' ? 404 : error.reason === 'conflict' ? 409 : 400;
        return c.json({ message: error.message, eventIds }, status);
      }
    }
    return c.json({ eventIds });
  });

  control.post('/faults', async (c) => {
    const parsed = faultsBody.safeParse(await jsonBody(c));
    if (!parsed.success) return c.json({ message: z.prettifyError(parsed.error) }, 400);
    const { reset, ...knobs } = parsed.data;
    if (reset) deps.faults.reset();
    deps.faults.update(withoutUndefined(knobs));
    return c.json(deps.faults.settings);
  });

  control.post('/rate-limit', async (c) => {
    const parsed = rateLimitBody.safeParse(await jsonBody(c));
    if (!parsed.success) return c.json({ message: z.prettifyError(parsed.error) }, 400);
    deps.limiter.configure(withoutUndefined(parsed.data));
    return c.json({ ok: true });
  });

  control.post('/expire-events', async (c) => {
    const parsed = expireBody.safeParse((await jsonBody(c)) ?? {});
    if (!parsed.success) return c.json({ message: z.prettifyError(parsed.error) }, 400);
    const now = parsed.data.now ? new Date(parsed.data.now) : deps.clock();
    deps.store.expireChanges(now, parsed.data.retentionDays);
    const oldest = deps.store.oldestRetainedSeq();
    return c.json({ oldestRetainedEventId: oldest === undefined ? null : eventIdOf(oldest) });
  });
}
