import { createRoute, z } from '@hono/zod-openapi';
import { authErrors, errors, isoDate, json, PageQuery, TenantParams, uuidParam } from '../../openapi/common.js';

const AuditEntrySchema = z
  .object({
    id: z.number().int(),
    at: isoDate,
    runId: z.string().nullable(),
    actor: z.string(),
    action: z.string(),
    targetType: z.string().nullable(),
    targetId: z.string().nullable(),
    outcome: z.enum(['success', 'failure', 'skipped']),
    details: z.record(z.string(), z.unknown()).nullable(),
  })
  .openapi('AuditEntry');

const instant = z.iso.datetime({ offset: true }).transform((value) => new Date(value));

const AuditQuery = PageQuery.extend({
  runId: z
    .uuid()
    .optional()
    .openapi({ param: { name: 'runId', in: 'query' } }),
  action: z
    .string()
    .min(1)
    .max(200)
    .optional()
    .openapi({ param: { name: 'action', in: 'query' }, example: 'provider.update' }),
  actor: z
    .string()
    .min(1)
    .max(200)
    .optional()
    .openapi({ param: { name: 'actor', in: 'query' }, example: 'admin' }),
  from: instant.optional().openapi({ param: { name: 'from', in: 'query' }, type: 'string', format: 'date-time' }),
  to: instant.optional().openapi({ param: { name: 'to', in: 'query' }, type: 'string', format: 'date-time' }),
});

export const listAuditEntries = createRoute({
  method: 'get',
  path: '/tenants/{tenant_id}/audit',
  tags: ['audit'],
  summary: "The tenant's audit trail, newest first",
  request: { params: TenantParams, query: AuditQuery },
  responses: {
    200: json(z.object({ items: z.array(AuditEntrySchema), limit: z.number(), offset: z.number() }), 'entries'),
    ...authErrors,
    404: errors[404],
  },
});

export const runChangesCsv = createRoute({
  method: 'get',
  path: '/tenants/{tenant_id}/runs/{run_id}/changes.csv',
  tags: ['audit'],
  summary: "A run's changes as CSV: what was created, updated, deprovisioned, failed and why",
  request: { params: TenantParams.extend({ run_id: uuidParam('run_id') }) },
  responses: {
    200: { description: 'one line per planned change', content: { 'text/csv': { schema: z.string() } } },
    ...authErrors,
    404: errors[404],
  },
});
