import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Database } from '../../db/database.js';
import { scimGroupMembers, scimResources, syncPlanItems } from '../../db/schema/index.js';
import { appendWriteAudit, markPlanItemsApplied, upsertAppliedResources } from '../../db/queries/applied-outcomes.js';
import { settleMembers } from '../../db/queries/unsettled-members.js';
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
  // Set-based writes: a batch costs a handful of statements, not a few per item.
  const applied = settled.filter((outcome) => outcome.ok);
  const now = new Date();
  await db.transaction(async (tx) => {
    const states = applied.flatMap((outcome) =>
      outcome.state && outcome.scimId
        ? [{ resourceType: outcome.item.resourceType, sourceId: outcome.item.sourceId, scimId: outcome.scimId, ...outcome.state }]
        : [],
    );
    for (const rows of chunks(states, ROWS_PER_STATEMENT)) await upsertAppliedResources(tx, scope, rows, now);
    for (const outcome of applied) {
      if (outcome.deprovision) await recordDeprovision(tx, scope.providerId, outcome.item.resourceType, outcome.item.sourceId, outcome.deprovision);
    }
    await recordMembers(
      tx,
      scope.providerId,
      [...partial, ...applied].flatMap((outcome) => (outcome.members ? [{ groupSourceId: outcome.item.sourceId, ...outcome.members }] : [])),
    );
    await settleMembers(
      tx,
      scope.providerId,
      applied.flatMap((outcome) => (outcome.item.op === 'members' ? [outcome.item.sourceId] : [])),
    );

    for (const seqs of chunks(
      applied.map((outcome) => outcome.item.seq),
      ROWS_PER_STATEMENT,
    ))
      await markPlanItemsApplied(tx, scope.runId, seqs, now);
    for (const outcome of settled) {
      if (outcome.ok) continue;
      await tx
        .update(syncPlanItems)
        .set({ status: 'failed', error: outcome.error ?? null, appliedAt: now })
        .where(and(eq(syncPlanItems.runId, scope.runId), eq(syncPlanItems.seq, outcome.item.seq)));
    }
    const entries = audited.map((outcome) => ({
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
    }));
    for (const rows of chunks(entries, ROWS_PER_STATEMENT)) await appendWriteAudit(tx, scope, rows);
  });
}

/** Rows per statement: one JSON parameter each, kept to a size Postgres parses quickly. */
const ROWS_PER_STATEMENT = 1000;

function chunks<T>(items: readonly T[], size: number): T[][] {
  const result: T[][] = [];
  for (let start = 0; start < items.length; start += size) result.push(items.slice(start, start + size));
  return result;
}

type Transaction = Parameters<Parameters<Database['transaction']>[0]>[0];

async function recordDeprovision(
  tx: Transaction,
  providerId: string,
  resourceType: 'User' | 'Group',
  sourceId: string,
  policy: 'deactivate' | 'delete',
): Promise<void> {
  const key = and(eq(scimResources.providerId, providerId), eq(scimResources.resourceType, resourceType), eq(scimResources.sourceId, sourceId));
  if (policy === 'deactivate') {
    await tx.update(scimResources).set({ active: false, deprovisionedAt: new Date(), updatedAt: new Date() }).where(key);
    return;
  }
  await tx.delete(scimResources).where(key);
  const members = resourceType === 'Group' ? eq(scimGroupMembers.groupSourceId, sourceId) : eq(scimGroupMembers.userSourceId, sourceId);
  await tx.delete(scimGroupMembers).where(and(eq(scimGroupMembers.providerId, providerId), members));
}

async function recordMembers(
  tx: Transaction,
  providerId: string,
  changes: ReadonlyArray<{ groupSourceId: string; added: string[]; removed: string[] }>,
): Promise<void> {
  const added = changes.flatMap((change) => change.added.map((user) => [change.groupSourceId, user]));
  for (const pairs of chunks(added, 10 * ROWS_PER_STATEMENT)) {
    await tx.execute(sql`insert into scim_group_members (provider_id, group_source_id, user_source_id)
      select ${providerId}::uuid, pair->>0, pair->>1 from jsonb_array_elements(${JSON.stringify(pairs)}::jsonb) as pair
      on conflict do nothing`);
  }
  for (const change of changes) {
    if (change.removed.length === 0) continue;
    await tx
      .delete(scimGroupMembers)
      .where(
        and(
          eq(scimGroupMembers.providerId, providerId),
          eq(scimGroupMembers.groupSourceId, change.groupSourceId),
          inArray(scimGroupMembers.userSourceId, change.removed),
        ),
      );
  }
}
