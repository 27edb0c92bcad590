import { eq, sql } from 'drizzle-orm';
import type { Database } from '../../db/database.js';
import { syncPlanItems } from '../../db/schema/index.js';
import { refreshPlannerStatistics } from '../planner-statistics.js';
import { loadMirrorKind } from '../roster-mirror.js';
import type { MappingLookups } from '../desired-documents.js';
import type { SyncScope } from '../../domain/sync-scope.js';
import type { ApplyPhase, PlanSummary, SyncMode } from '../../domain/sync-vocabulary.js';
import { markUnseenDeleted } from '../mirror-deletions.js';
import { appliedKinds } from '../../domain/sync-scope.js';
import { loadApplied, loadMirrorPresence, loadTakenUserNames } from './applied-state.js';
import { diffMemberships } from './membership-diff.js';
import { planDeprovisions, planGroups, planUsers, type PlannedItem } from './plan-resources.js';

export interface PlanOptions {
  tenantId: string;
  runId: string;
  mode: SyncMode;
  scope?: SyncScope;
  batchSize: number;
  lookups: Omit<MappingLookups, 'schools' | 'courses' | 'terms'>;
}

/**
 * Desired (mirror, this run) vs applied (scim_resources) → plan items in apply order:
 * users, groups (members reference both), memberships, then deprovisions last so a run cut
 * short never removes before it has added. Idempotent: re-planning a run replaces its plan.
 */
export async function planChanges(db: Database, options: PlanOptions): Promise<PlanSummary> {
  const { providerId } = options.lookups;
  await refreshPlannerStatistics(db);
  const sweep = options.mode !== 'incremental';
  if (sweep) await markUnseenDeleted(db, { tenantId: options.tenantId, providerId, runId: options.runId }, appliedKinds(options.scope), options.scope);
  const lookups: MappingLookups = {
    ...options.lookups,
    schools: await loadMirrorKind(db, providerId, 'schools'),
    courses: await loadMirrorKind(db, providerId, 'courses'),
    terms: await loadMirrorKind(db, providerId, 'terms'),
  };
  const appliedUsers = await loadApplied(db, providerId, 'User');
  const appliedGroups = await loadApplied(db, providerId, 'Group');
  const users = await planUsers(db, options.runId, lookups, appliedUsers, await loadTakenUserNames(db, options.tenantId));
  const groups = await planGroups(db, options.runId, lookups, appliedGroups);
  const memberships = await diffMemberships(db, providerId);
  const memberItems: PlannedItem[] = memberships.map((change) => ({ op: 'members', resourceType: 'Group', sourceId: change.groupSourceId, details: { add: change.add, remove: change.remove } }));
  const deprovisions = [
    // Absence counts only for an unscoped full sync: a selective one never sweeps outside what it looked at.
    ...planDeprovisions('User', appliedUsers, await loadMirrorPresence(db, providerId, 'users'), lookups.settings.deprovisionPolicy, sweep && !options.scope),
    ...planDeprovisions('Group', appliedGroups, await loadMirrorPresence(db, providerId, 'sections'), 'delete', sweep && !options.scope),
  ];

  const userDeprovisions = deprovisions.filter((item) => item.resourceType === 'User').length;
  const activeUsers = [...appliedUsers.values()].filter((user) => user.active).length;
  const { count, percent } = lookups.settings.deletionThreshold;
  const hold = userDeprovisions > count || (activeUsers > 0 && (userDeprovisions / activeUsers) * 100 > percent);

  const phases: PlanSummary['phases'] = [];
  const rows: Array<typeof syncPlanItems.$inferInsert> = [];
  let batch = 0;
  const addPhase = (phase: ApplyPhase, items: PlannedItem[], perBatch: number, status: 'pending' | 'held') => {
    if (items.length === 0) return;
    const batches: number[] = [];
    for (let start = 0; start < items.length; start += perBatch) {
      for (const item of items.slice(start, start + perBatch)) {
        rows.push({ runId: options.runId, seq: rows.length, batch, status, ...item });
      }
      batches.push(batch);
      batch += 1;
    }
    phases.push({ phase, batches });
  };
  addPhase('users', users.items, options.batchSize, 'pending');
  addPhase('groups', groups.items, options.batchSize, 'pending');
  // A members item is up to a whole section's roster: fewer per batch keeps batches even.
  addPhase('members', memberItems, Math.max(1, Math.ceil(options.batchSize / 4)), 'pending');
  addPhase('deprovisions', deprovisions, options.batchSize, hold ? 'held' : 'pending');

  await db.transaction(async (tx) => {
    await tx.delete(syncPlanItems).where(eq(syncPlanItems.runId, options.runId));
    // Rows as one JSON parameter per statement (cheaper to build than a VALUES list).
    for (let start = 0; start < rows.length; start += 1000) {
      const chunk = rows.slice(start, start + 1000).map((row) => ({ seq: row.seq, batch: row.batch, status: row.status, op: row.op, resource_type: row.resourceType, source_id: row.sourceId, details: row.details }));
      await tx.execute(sql`insert into sync_plan_items (run_id, seq, batch, status, op, resource_type, source_id, details)
        select ${options.runId}::uuid, r.seq, r.batch, r.status, r.op, r.resource_type, r.source_id, r.details
        from jsonb_to_recordset(${JSON.stringify(chunk)}::jsonb) as r(seq int, batch int, status text, op text, resource_type text, source_id text, details jsonb)`);
    }
  });

  const all = [...users.items, ...groups.items];
  return {
    creates: all.filter((item) => item.op === 'create').length,
    updates: all.filter((item) => item.op === 'update').length,
    deprovisions: deprovisions.length,
    membershipChanges: memberships.reduce((total, change) => total + change.add.length + change.remove.length, 0),
    held: hold ? deprovisions.length : 0,
    phases,
  };
}
