import { sql } from 'drizzle-orm';
import { rowsOf, type Database } from '../../db/database.js';

export interface MembershipChange {
  groupSourceId: string;
  add: string[];
  remove: string[];
}

/**
 * Desired members (present enrollments whose section and user are present in the mirror)
 * against the applied members, as a set difference in the database: at district scale
 * (hundreds of thousands of enrollments) this is far cheaper than shipping both sides to the
 * worker, and it is right for full and incremental runs alike because the mirror always holds
 * the whole current roster. Removals from sections that are gone are not planned: the group
 * is deleted instead.
 */
export async function diffMemberships(db: Database, providerId: string): Promise<MembershipChange[]> {
  const result = await db.execute(sql`
    with seen_sections as (
      select source_id from roster_records where provider_id = ${providerId} and kind = 'sections' and deleted_run_id is null
    ), desired as (
      select e.data->>'sectionId' as g, e.data->>'userId' as u
      from roster_records e
      join seen_sections s on s.source_id = e.data->>'sectionId'
      join roster_records usr on usr.provider_id = e.provider_id and usr.kind = 'users' and usr.source_id = e.data->>'userId' and usr.deleted_run_id is null
      where e.provider_id = ${providerId} and e.kind = 'enrollments' and e.deleted_run_id is null
    ), applied as (
      select group_source_id as g, user_source_id as u from scim_group_members where provider_id = ${providerId}
    )
    select g, u, 'add' as op from (select g, u from desired except select g, u from applied) adds
    union all
    select g, u, 'remove' as op from (select g, u from applied except select g, u from desired) removes
    where g in (select source_id from seen_sections)
    order by 1, 2`);
  const rows = rowsOf<{ g: string; u: string; op: 'add' | 'remove' }>(result);
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
