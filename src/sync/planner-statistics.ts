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
