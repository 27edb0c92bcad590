import { z } from '@hono/zod-openapi';
import { ROSTER_ROLES } from '../../../domain/roster.js';
import { SYNC_RUN_STATUSES } from '../../../db/schema/index.js';
import { isoDate } from '../../openapi/common.js';

const SELECTABLE_ENTITIES = ['schools', 'users', 'sections', 'enrollments'] as const;
const MODES = ['full', 'incremental', 'selective'] as const;

export const StartSyncBody = z
  .strictObject({
    providerId: z.uuid().optional().openapi({ description: 'Omitted: every enabled provider of the tenant' }),
    mode: z.enum(MODES),
    entities: z.array(z.enum(SELECTABLE_ENTITIES)).min(1).optional(),
    filters: z
      .strictObject({
        schoolIds: z.array(z.string().min(1).max(200)).min(1).max(1000).optional(),
        roles: z.array(z.enum(ROSTER_ROLES)).min(1).optional(),
        grades: z.array(z.string().min(1).max(20)).min(1).max(20).optional(),
      })
      .optional(),
    dryRun: z.boolean().optional().openapi({ description: 'Plan only; nothing is written to the SCIM target' }),
  })
  .superRefine((body, ctx) => {
    const scoped = body.entities !== undefined || body.filters !== undefined;
    if (body.mode === 'selective' && !scoped) ctx.addIssue({ code: 'custom', path: ['entities'], message: 'a selective sync needs entities or filters' });
    if (body.mode !== 'selective' && scoped) ctx.addIssue({ code: 'custom', path: ['mode'], message: 'entities and filters need mode "selective"' });
  })
  // The rule above, published too (a refinement is invisible to the generator): selective needs
  // entities or filters, and only selective may have them.
  .openapi('StartSync', {
    oneOf: [
      { properties: { mode: { type: 'string', enum: ['full', 'incremental'] } }, not: { anyOf: [{ required: ['entities'] }, { required: ['filters'] }] } },
      { properties: { mode: { type: 'string', enum: ['selective'] } }, anyOf: [{ required: ['entities'] }, { required: ['filters'] }] },
    ],
  });

export const ProviderSelector = z.strictObject({ providerId: z.uuid().optional() }).openapi('ProviderSelector');
export const RequiredProvider = z.strictObject({ providerId: z.uuid() }).openapi('DeletionDecision');

export const WorkflowRefSchema = z
  .object({ providerId: z.uuid(), workflowId: z.string(), runId: z.string(), uiUrl: z.string().nullable() })
  .openapi('WorkflowRef');

const CountsSchema = z.object({
  fetched: z.number(),
  created: z.number(),
  updated: z.number(),
  deprovisioned: z.number(),
  membershipChanges: z.number(),
  failed: z.number(),
  heldDeletions: z.number(),
});

export const ProgressSchema = z
  .object({
    runId: z.string().nullable(),
    phase: z.string(),
    kind: z.string().nullable(),
    mode: z.enum(MODES),
    dryRun: z.boolean(),
    counts: CountsSchema,
    heldDeletions: z.number(),
    message: z.string().nullable(),
  })
  .openapi('SyncProgress');

export const SyncRunSchema = z
  .object({
    id: z.uuid(),
    providerId: z.uuid(),
    workflowId: z.string(),
    workflowRunId: z.string().nullable(),
    mode: z.enum(MODES),
    trigger: z.string(),
    dryRun: z.boolean(),
    scope: z.record(z.string(), z.unknown()).nullable(),
    status: z.enum(SYNC_RUN_STATUSES),
    counts: CountsSchema.nullable(),
    message: z.string().nullable(),
    startedAt: isoDate,
    finishedAt: isoDate.nullable(),
    durationMs: z.number().int().nullable(),
    uiUrl: z.string().nullable(),
  })
  .openapi('SyncRun');

export const HistoryQuery = z.object({
  providerId: z
    .uuid()
    .optional()
    .openapi({ param: { name: 'providerId', in: 'query' } }),
  status: z
    .enum(SYNC_RUN_STATUSES)
    .optional()
    .openapi({ param: { name: 'status', in: 'query' } }),
});
