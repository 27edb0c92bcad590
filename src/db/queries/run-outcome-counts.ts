import { and, countDistinct, eq, sql } from 'drizzle-orm';
import type { Database } from '../database.js';
import { auditLog, syncPlanItems, syncRecordErrors } from '../schema/index.js';

export interface RunOutcomeCounts {
  created: number;
  updated: number;
  deprovisioned: number;
  membershipChanges: number;
  failed: number;
}

/**
 * What a run really wrote, read back from its durable per-item outcomes: plan items settled
 * as applied or failed, the member changes audited with each group PATCH, and the roster
 * records refused at transform. A batch whose result never reached the workflow (worker
 * killed after its commit, Temporal unreachable at completion) is counted all the same.
 */
export async function countRunOutcomes(db: Database, runId: string): Promise<RunOutcomeCounts> {
  const items = await db
    .select({ op: syncPlanItems.op, status: syncPlanItems.status, count: sql<number>`count(*)::int` })
    .from(syncPlanItems)
    .where(and(eq(syncPlanItems.runId, runId), sql`${syncPlanItems.status} in ('applied', 'failed')`))
    .groupBy(syncPlanItems.op, syncPlanItems.status);
  const [members] = await db
    .select({
      changes: sql<number>`coalesce(sum(coalesce((${auditLog.details}->>'added')::int, 0) + coalesce((${auditLog.details}->>'removed')::int, 0)), 0)::int`,
    })
    .from(auditLog)
    .where(and(eq(auditLog.runId, runId), eq(auditLog.action, 'scim.group.members')));
  // A transform page re-run after a crash records its errors again: count each one once.
  const [refused] = await db
    .select({ count: countDistinct(sql`(${syncRecordErrors.kind}, ${syncRecordErrors.sourceId}, ${syncRecordErrors.field}, ${syncRecordErrors.message})`) })
    .from(syncRecordErrors)
    .where(eq(syncRecordErrors.runId, runId));

  const counts: RunOutcomeCounts = {
    created: 0,
    updated: 0,
    deprovisioned: 0,
    membershipChanges: Number(members?.changes ?? 0),
    failed: Number(refused?.count ?? 0),
  };
  for (const row of items) {
    const count = Number(row.count);
    if (row.status === 'failed') counts.failed += count;
    else if (row.op === 'create') counts.created += count;
    else if (row.op === 'update') counts.updated += count;
    else if (row.op === 'deprovision') counts.deprovisioned += count;
  }
  return counts;
}
