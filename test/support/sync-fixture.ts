import type { Client } from '@temporalio/client';
import { eq } from 'drizzle-orm';
import type { Database } from '../../src/db/database.js';
import { auditLog, syncPlanItems } from '../../src/db/schema/index.js';
import { connectScimClient, type ScimClient, type ScimGroup, type ScimUser } from '../../src/scim/index.js';
import { syncWorkflowId, TENANT_SYNC_WORKFLOW, type TenantSyncInput, type TenantSyncResult } from '../../src/temporal/sync-contract.js';

export async function runSync(client: Client, taskQueue: string, input: Omit<TenantSyncInput, 'trigger'>): Promise<TenantSyncResult> {
  return client.workflow.execute(TENANT_SYNC_WORKFLOW, {
    taskQueue,
    workflowId: syncWorkflowId(input.tenantId, input.providerId),
    args: [{ ...input, trigger: 'test' }],
  }) as Promise<TenantSyncResult>;
}

/** Everything on the SCIM server, read back over HTTP (not from our tables). */
export async function readScimState(baseUrl: string, token: string): Promise<{ users: ScimUser[]; groups: ScimGroup[]; scim: ScimClient }> {
  const scim = await connectScimClient({ baseUrl, token });
  const users: ScimUser[] = [];
  for await (const page of scim.users.pages()) users.push(...page);
  const groups: ScimGroup[] = [];
  for await (const page of scim.groups.pages()) groups.push(...page);
  return { users, groups, scim };
}

export async function auditActionsOfRun(
  db: Database,
  runId: string,
): Promise<Array<{ action: string; targetType: string | null; sourceId: unknown; outcome: string }>> {
  const rows = await db.select().from(auditLog).where(eq(auditLog.runId, runId));
  return rows.map((row) => ({ action: row.action, targetType: row.targetType, sourceId: row.details?.sourceId, outcome: row.outcome }));
}

export async function planOfRun(db: Database, runId: string) {
  const rows = await db.select().from(syncPlanItems).where(eq(syncPlanItems.runId, runId));
  return rows
    .map(({ op, resourceType, sourceId, details, status }) => ({ op, resourceType, sourceId, details, status }))
    .sort((a, b) => `${a.resourceType}${a.op}${a.sourceId}`.localeCompare(`${b.resourceType}${b.op}${b.sourceId}`));
}
