import { sql } from 'drizzle-orm';
import type { Database } from '../db/database.js';

/**
 * Refreshes the planner's statistics of the tables a sync bulk-loads (the roster mirror during
 * transform, applied state and members during apply) before the plan queries them.
 *
 * Autovacuum analyzes a table only some time after it changed, so right after a first load of
 * a district the planner still believes these tables hold a handful of rows and joins the
 * mirror to itself with nested loops: the membership diff of a 10k-student district then took
 * minutes instead of half a second. ANALYZE samples a fixed number of rows (not the table), so
 * it costs well under a second even at district scale.
 *
 * The keys a full sync saw (sync_seen_key_sets) are loaded during the same transform and read by
 * the sweep right after: with statistics that still said the table was empty, the sweep's
 * anti-join of a 20k-student resync took 33 s of the 45 s of planning.
 */
export async function refreshPlannerStatistics(db: Database): Promise<void> {
  await db.execute(sql`analyze roster_records, sync_seen_key_sets, scim_resources, scim_group_members`);
}

/**
 * Plans smaller than this are left to autovacuum: read through any index, their batches cost
 * next to nothing, and a webhook run should not pay for an ANALYZE.
 */
export const PLAN_ITEMS_WORTH_ANALYZING = 1000;

/**
 * Refreshes the statistics of what planning wrote (sync_plan_items, and the groups it marked in
 * scim_unsettled_members) once a run's plan is laid out, before its batches are applied one by
 * one. Until then they describe earlier runs and expect one row of this one. The planner then
 * read each batch through the primary key (run, seq), filtering every item of the run (0.2 s a
 * batch for a second 100k-student plan in one database, some 1,300 times), and settled each
 * batch's groups by reading every unsettled group of the provider.
 */
export async function refreshPlanStatistics(db: Database): Promise<void> {
  await db.execute(sql`analyze sync_plan_items, scim_unsettled_members`);
}
