import { sql } from 'drizzle-orm';
import type { Database } from '../../db/database.js';

export interface MembershipChange {
  groupSourceId: string;
  add: string[];
  remove: string[];
}

/**
 * Desired members (enrollments seen this run whose section and user were also seen) against
 * the applied members, as a set difference in the database: at district scale (hundreds of
 * thousands of enrollments) this is far cheaper than shipping both sides to the worker.
 * Removals from sections that are going away are not planned: the group is deleted instead.
 */
export async function diffMemberships(db: Database, providerId: string, runId: string): Promise<MembershipChange[]> {
  const result = await db.execute(sql`
    with seen_sections as (
      select source_id from roster_records where provider_id = ${providerId} and kind = 'sections' and seen_run_id = ${runId}
    ), desired as (
      select e.data->>'sectionId' as g, e.data->>'userId' as u
      from roster_records e
      join seen_sections s on s.source_id = e.data->>'sectionId'
      join roster_records usr on usr.provider_id = e.provider_id and usr.kind = 'users' and usr.source_id = e.data->>'userId' and usr.seen_run_id = ${runId}
      where e.provider_id = ${providerId} and e.kind = 'enrollments' and e.seen_run_id = ${runId}
    ), applied as (
      select group_source_id as g, user_source_id as u from scim_group_members where provider_id = ${providerId}
    )
    select g, u, 'add' as op from (select g, u from desired except select g, u from applied) adds
    union all
    select g, u, 'remove' as op from (select g, u from applied except select g, u from desired) removes
    where g in (select source_id from seen_sections)
    order by 1, 2`);
  const rows = (Array.isArray(result) ? result : ((result as { rows?: unknown[] }).rows ?? [])) as Array<{ g: string; u: string; op: 'add' | 'remove' }>;
  const byGroup = new Map<string, MembershipChange>();
  for (const row of rows) {
    let change = byGroup.get(row.g);
    if (!change) {
      change = { groupSourceId: row.g, add: [], remove: [] };
      byGroup.set(row.g, change);
    }
    change[row.op].push(row.u);
  }
  return [...byGroup.values()];
}
