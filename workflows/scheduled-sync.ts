import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import { ParentClosePolicy, sleep, startChild } from '@temporalio/workflow';
import { syncWorkflowId, type TenantSyncInput, type TenantSyncResult } from '../src/temporal/sync-contract.js';
import { causedByOutage } from './outage-budget.js';
import { tenantSync } from './tenant-sync.js';

/**
 * A run that failed on an outage it could not wait out is tried again this soon, this many
 * times, instead of at the schedule's next fire (an hour away by default).
 */
const OUTAGE_RETRY_PAUSE = '5 minutes';
const OUTAGE_RETRIES = 3;

type ScheduledSyncResult = TenantSyncResult | { status: 'skipped'; reason: string };

/**
 * What a provider's Temporal Schedule starts. Schedules append the fire time to workflow ids,
 * so the sync itself runs as a child under the fixed per-(tenant, provider) id: Temporal then
 * refuses it while any other sync of the pair runs, whoever started that one, and this run
 * records a skip instead of interleaving writes.
 */
export async function scheduledSync(input: TenantSyncInput): Promise<ScheduledSyncResult> {
  for (let retry = 0; ; retry += 1) {
    try {
      const child = await startChild(tenantSync, {
        workflowId: syncWorkflowId(input.tenantId, input.providerId),
        args: [{ ...input, trigger: 'schedule' }],
        // The sync should finish even if this thin parent is terminated.
        parentClosePolicy: ParentClosePolicy.ABANDON,
      });
      return await child.result();
    } catch (error) {
      if (error instanceof WorkflowExecutionAlreadyStartedError) return { status: 'skipped', reason: 'another sync of this provider is running' };
      if (retry >= OUTAGE_RETRIES || !causedByOutage(error)) throw error;
      await sleep(OUTAGE_RETRY_PAUSE);
    }
  }
}
