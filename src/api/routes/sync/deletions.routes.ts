import { createRoute, z } from '@hono/zod-openapi';
import { authErrors, errors, json, jsonBody, TenantParams } from '../../openapi/common.js';
import { RequiredProvider } from './sync.schemas.js';

const HeldDeletionSchema = z
  .object({ seq: z.number().int(), op: z.string(), resourceType: z.enum(['User', 'Group']), sourceId: z.string() })
  .openapi('HeldDeletion');

const DeletionsQuery = z.object({ providerId: z.uuid().openapi({ param: { name: 'providerId', in: 'query' } }) });

export const listHeldDeletions = createRoute({
  method: 'get',
  path: '/sync/{tenant_id}/deletions',
  tags: ['sync'],
  summary: 'Deprovisions the running sync holds for approval (over the deletion threshold)',
  request: { params: TenantParams, query: DeletionsQuery },
  responses: {
    200: json(z.object({ providerId: z.uuid(), workflowId: z.string(), runId: z.string().nullable(), items: z.array(HeldDeletionSchema) }), 'held items'),
    ...authErrors,
    404: errors[404],
    502: errors[502],
  },
});

const decisionRoute = (decision: 'approve' | 'discard') =>
  createRoute({
    method: 'post',
    path: `/sync/{tenant_id}/deletions/${decision}`,
    tags: ['sync'],
    summary: decision === 'approve' ? 'Apply the held deprovisions (workflow Update)' : 'Drop the held deprovisions (workflow Update)',
    request: { params: TenantParams, body: jsonBody(RequiredProvider) },
    responses: {
      200: json(z.object({ providerId: z.uuid(), workflowId: z.string(), count: z.number().int() }), 'the workflow accepted the decision'),
      ...authErrors,
      404: errors[404],
      409: errors[409],
      413: errors[413],
      415: errors[415],
    },
  });

export const approveDeletions = decisionRoute('approve');
export const discardDeletions = decisionRoute('discard');
