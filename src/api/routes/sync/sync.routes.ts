import { createRoute, z } from '@hono/zod-openapi';
import { authErrors, errors, json, jsonBody, orNull, PageQuery, TenantParams } from '../../openapi/common.js';
import { HistoryQuery, ProgressSchema, ProviderSelector, StartSyncBody, SyncRunSchema, WorkflowRefSchema } from './sync.schemas.js';

export const startSync = createRoute({
  method: 'post',
  path: '/sync/{tenant_id}/start',
  tags: ['sync'],
  summary: 'Start a sync workflow per provider (202 with workflow ids and Web UI links)',
  request: { params: TenantParams, body: jsonBody(StartSyncBody) },
  responses: {
    202: json(z.object({ started: z.array(WorkflowRefSchema), alreadyRunning: z.array(WorkflowRefSchema) }), 'started'),
    ...authErrors,
    404: errors[404],
    409: errors[409],
    413: errors[413],
    415: errors[415],
  },
});

const RunningSyncSchema = WorkflowRefSchema.extend({ progress: orNull(ProgressSchema), progressError: z.string().optional() }).openapi('RunningSync');

const ProviderStatusSchema = z
  .object({
    providerId: z.uuid(),
    name: z.string(),
    kind: z.enum(['clever', 'classlink']),
    enabled: z.boolean(),
    running: orNull(RunningSyncSchema),
    lastRun: orNull(SyncRunSchema),
  })
  .openapi('ProviderSyncStatus');

export const syncStatus = createRoute({
  method: 'get',
  path: '/sync/{tenant_id}/status',
  tags: ['sync'],
  summary: 'Per provider: live progress of a running sync (workflow query), else the last run',
  request: { params: TenantParams },
  responses: { 200: json(z.object({ providers: z.array(ProviderStatusSchema) }), 'status'), ...authErrors, 404: errors[404] },
});

export const stopSync = createRoute({
  method: 'post',
  path: '/sync/{tenant_id}/stop',
  tags: ['sync'],
  summary: 'Cancel running syncs (one provider, or all of the tenant); 404 when none runs',
  request: { params: TenantParams, body: { required: false, content: { 'application/json': { schema: ProviderSelector } } } },
  responses: {
    202: json(z.object({ cancelled: z.array(WorkflowRefSchema) }), 'cancellation requested'),
    ...authErrors,
    404: errors[404],
    413: errors[413],
    415: errors[415],
  },
});

export const syncHistory = createRoute({
  method: 'get',
  path: '/sync/{tenant_id}/history',
  tags: ['sync'],
  summary: 'Sync runs, newest first',
  request: { params: TenantParams, query: PageQuery.extend(HistoryQuery.shape) },
  responses: {
    200: json(z.object({ items: z.array(SyncRunSchema), limit: z.number(), offset: z.number() }), 'runs'),
    ...authErrors,
    404: errors[404],
  },
});
