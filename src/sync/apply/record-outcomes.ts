import { and, eq, inArray } from 'drizzle-orm';
import type { Database } from '../../db/database.js';
import { auditLog, scimGroupMembers, scimResources, syncPlanItems } from '../../db/schema/index.js';
import type { WriteOutcome } from './outcome.js';

export interface OutcomeScope {
  tenantId: string;
  providerId: string;
  runId: string;
}

/**
 * Records a batch's outcomes atomically: the applied SCIM state, the plan item status and
 * the audit entry of each write commit together or not at all. A crash before commit leaves
 * the items pending; the retried batch then re-sends them, and the SCIM client's adoption of
 * 409s plus idempotent PUT/PATCH/DELETE make that safe.
 */
export async function recordOutcomes(db: Database, scope: OutcomeScope, outcomes: readonly WriteOutcome[]): Promise<void> {
  const settled = outcomes.filter((outcome) => !outcome.retryable);
  // A retryable failure leaves its item pending; member changes that did get through are
  // still recorded so the retry sends only the rest.
  const partial = outcomes.filter((outcome) => outcome.retryable && outcome.members);
  const audited = [...settled, ...partial];
  if (audited.length === 0) return;
  await db.transaction(async (tx) => {
    for (const outcome of partial) await recordMembers(tx, scope.providerId, outcome.item.sourceId, outcome.members!);
    for (const outcome of settled) {
      if (!outcome.ok) continue;
      const { item } = outcome;
      if (outcome.state && outcome.scimId) {
        const row = { providerId: scope.providerId, tenantId: scope.tenantId, resourceType: item.resourceType, sourceId: item.sourceId, scimId: outcome.scimId, ...outcome.state, active: true, deprovisionedAt: null, updatedAt: new Date() };
        await tx
          .insert(scimResources)
          .values(row)
          .onConflictDoUpdate({ target: [scimResources.providerId, scimResources.resourceType, scimResources.sourceId], set: row });
      }
      if (outcome.deprovision) await recordDeprovision(tx, scope.providerId, item.resourceType, item.sourceId, outcome.deprovision);
      if (outcome.members) await recordMembers(tx, scope.providerId, item.sourceId, outcome.members);
    }
    for (const outcome of settled) {
      await tx
        .update(syncPlanItems)
        .set({ status: outcome.ok ? 'applied' : 'failed', error: outcome.error ?? null, appliedAt: new Date() })
        .where(and(eq(syncPlanItems.runId, scope.runId), eq(syncPlanItems.seq, outcome.item.seq)));
    }
    await tx.insert(auditLog).values(
      audited.map((outcome) => ({
        tenantId: scope.tenantId,
        runId: scope.runId,
        actor: 'system',
        action: outcome.action,
        targetType: outcome.item.resourceType,
        targetId: outcome.scimId ?? outcome.item.sourceId,
        outcome: outcome.ok ? ('success' as const) : ('failure' as const),
        details: {
          sourceId: outcome.item.sourceId,
          ...(outcome.adopted ? { adopted: true } : {}),
          ...(outcome.members ? { added: outcome.members.added.length, removed: outcome.members.removed.length } : {}),
          ...(outcome.error ? { error: outcome.error } : {}),
          ...(outcome.retryable ? { willRetry: true } : {}),
        },
      })),
    );
  });
}

type Transaction = Parameters<Parameters<Database['transaction']>[0]>[0];

async function recordDeprovision(tx: Transaction, providerId: string, resourceType: 'User' | 'Group', sourceId: string, policy: 'deactivate' | 'delete'): Promise<void> {
  const key = and(eq(scimResources.providerId, providerId), eq(scimResources.resourceType, resourceType), eq(scimResources.sourceId, sourceId));
  if (policy === 'deactivate') {
    await tx.update(scimResources).set({ active: false, deprovisionedAt: new Date(), updatedAt: new Date() }).where(key);
    return;
  }
  await tx.delete(scimResources).where(key);
  const members = resourceType === 'Group' ? eq(scimGroupMembers.groupSourceId, sourceId) : eq(scimGroupMembers.userSourceId, sourceId);
  await tx.delete(scimGroupMembers).where(and(eq(scimGroupMembers.providerId, providerId), members));
}

async function recordMembers(tx: Transaction, providerId: string, groupSourceId: string, members: { added: string[]; removed: string[] }): Promise<void> {
  if (members.added.length > 0) {
    await tx
      .insert(scimGroupMembers)
      .values(members.added.map((userSourceId) => ({ providerId, groupSourceId, userSourceId })))
      .onConflictDoNothing();
  }
  if (members.removed.length > 0) {
    await tx
      .delete(scimGroupMembers)
      .where(and(eq(scimGroupMembers.providerId, providerId), eq(scimGroupMembers.groupSourceId, groupSourceId), inArray(scimGroupMembers.userSourceId, members.removed)));
  }
}
