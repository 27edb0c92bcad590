import { proxyActivities, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import { SIS_PROVIDER, SYNC_MODE, SYNC_TRIGGER, TENANT_ID } from '../../src/temporal/search-attributes.js';
import type { createSmokeCheckActivities } from './smoke-check-activities.js';

const { recordSmokeCheck } = proxyActivities<ReturnType<typeof createSmokeCheckActivities>>({
  startToCloseTimeout: '30 seconds',
  retry: { maximumAttempts: 3 },
});

export interface SmokeCheckInput {
  tenantId: string;
  provider: string;
}

/**
 * A test-only workflow (the production worker does not register it). Proves the whole path
 * works: worker polling, the workflow bundle, an activity reaching the database, and the custom
 * search attributes registered on the server.
 */
export async function smokeCheck(input: SmokeCheckInput): Promise<{ auditId: number; workflowId: string }> {
  upsertSearchAttributes([
    { key: TENANT_ID, value: input.tenantId },
    { key: SIS_PROVIDER, value: input.provider },
    { key: SYNC_MODE, value: 'check' },
    { key: SYNC_TRIGGER, value: 'test' },
  ]);
  const { workflowId } = workflowInfo();
  const auditId = await recordSmokeCheck({ tenantId: input.tenantId, workflowId });
  return { auditId, workflowId };
}
