import type { Database } from '../../db/database.js';
import { countPlanned, assignBatches } from '../../db/queries/plan-batches.js';
import { clearPlan, clearPlanParts, dividePlan, loadPlanPart, type PlanReach } from '../../db/queries/plan-parts.js';
import { clearPartItems, loadPartUpdates, planMembers, planOrphans, planResources, recordChangedFields } from '../../db/queries/planned-changes.js';
import { layoutPhases, mustHoldDeprovisions, partSeqBase, summaryPhases } from '../../domain/plan-layout.js';
import type { RosterSection, RosterUser } from '../../domain/roster.js';
import { appliedKinds, type SyncScope } from '../../domain/sync-scope.js';
import type { PlanSummary } from '../../domain/sync-vocabulary.js';
import { desiredGroup, desiredUser, type MappingLookups } from '../../domain/desired-documents.js';
import { markUnseenDeleted } from '../../db/queries/roster-deletions.js';
import { PLAN_ITEMS_WORTH_ANALYZING, refreshPlannerStatistics, refreshPlanStatistics } from '../planner-statistics.js';
import { changedFields } from '../../domain/changed-fields.js';

/**
 * Planning in three steps the workflow schedules: begin (sweep, then cut the work into parts),
 * one activity per part (any worker, side by side), and finish (count, apply the
 * deletion-safety rule, number the batches). Re-running any step replaces what it wrote.
 */
export interface PlanRun {
  tenantId: string;
  providerId: string;
  runId: string;
  mode: 'full' | 'incremental';
  scope?: SyncScope;
  /** Keys per part: bounds each part's work and memory. */
  partSize: number;
}

function reachOf(run: PlanRun): PlanReach {
  return { runId: run.runId, providerId: run.providerId, mode: run.mode, scoped: run.scope !== undefined };
}

/** Sweeps what a full sync did not see, then divides the planning; returns the number of parts. */
export async function beginPlan(db: Database, run: PlanRun): Promise<number> {
  // A full run may just have loaded the mirror; an incremental one changes too little to matter.
  if (run.mode !== 'incremental') await refreshPlannerStatistics(db);
  if (run.mode !== 'incremental')
    await markUnseenDeleted(db, { tenantId: run.tenantId, providerId: run.providerId, runId: run.runId }, appliedKinds(run.scope), run.scope);
  await clearPlan(db, run.runId);
  return dividePlan(db, reachOf(run), run.partSize);
}

/** Plans one part: its items by SQL, then which attributes its updates change. */
export async function planPart(db: Database, run: PlanRun, part: number, lookups: MappingLookups): Promise<void> {
  const reach = reachOf(run);
  const { kind, lowKey, highKey } = await loadPlanPart(db, run.runId, part);
  const seqBase = partSeqBase(part, run.partSize);
  await clearPartItems(db, run.runId, seqBase, run.partSize);
  const range = { seqBase, lowKey, highKey };
  if (kind === 'users') await planResources(db, reach, range, 'users', lookups.settings.deprovisionPolicy);
  if (kind === 'groups') await planResources(db, reach, range, 'sections', 'delete');
  if (kind === 'members') await planMembers(db, reach, range);
  if (kind === 'orphans') await planOrphans(db, reach, seqBase, lookups.settings.deprovisionPolicy);
  if (kind !== 'users' && kind !== 'groups') return;
  const updates = await loadPartUpdates(db, run.runId, run.providerId, seqBase, run.partSize);
  const described = updates.map((update) => {
    const desired =
      update.resourceType === 'User'
        ? desiredUser(update.data as RosterUser, update.userName ?? '', lookups)
        : desiredGroup(update.data as RosterSection, lookups);
    return { seq: update.seq, changedFields: changedFields(update.appliedDocument, desired) };
  });
  await recordChangedFields(db, run.runId, described);
}

/** Counts the plan, holds deprovisions past the deletion threshold, and lays out the apply batches. */
export async function finishPlan(
  db: Database,
  run: Pick<PlanRun, 'runId' | 'providerId'>,
  batchSize: number,
  threshold: { count: number; percent: number },
): Promise<PlanSummary> {
  const counts = await countPlanned(db, run.runId, run.providerId);
  const hold = mustHoldDeprovisions(counts.userDeprovisions, counts.activeUsers, threshold);
  const layout = layoutPhases(counts.byPhase, batchSize);
  await assignBatches(db, run.runId, layout, hold);
  await clearPlanParts(db, run.runId);
  const items = Object.values(counts.byPhase).reduce((sum, phaseItems) => sum + phaseItems, 0);
  if (items >= PLAN_ITEMS_WORTH_ANALYZING) await refreshPlanStatistics(db);
  return {
    creates: counts.creates,
    updates: counts.updates,
    deprovisions: counts.deprovisions,
    membershipChanges: counts.membershipChanges,
    held: hold ? counts.deprovisions : 0,
    phases: summaryPhases(layout),
  };
}
