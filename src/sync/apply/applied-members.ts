import { sql } from 'drizzle-orm';
import { rowsOf, type Database } from '../../db/database.js';
import { textRows } from '../../db/queries/in-list.js';

/**
 * Applied members of some groups, as the bridge recorded them (never read back from SCIM).
 * Each group's members are read by the primary key's prefix on their own (`offset 0` keeps
 * Postgres from folding the lateral subquery into a join): with statistics from before the
 * table filled, an `in (…)` list over the groups could scan every member of the provider.
 */
export async function appliedMembers(db: Database, providerId: string, groupSourceIds: readonly string[]): Promise<Map<string, Set<string>>> {
  const result = new Map<string, Set<string>>();
  if (groupSourceIds.length === 0) return result;
  const rows = await db.execute(sql`select g.id as "group", m.user_source_id as "user"
    from ${textRows([...new Set(groupSourceIds)])} as g(id)
    cross join lateral (select user_source_id from scim_group_members m
      where m.provider_id = ${providerId}::uuid and m.group_source_id = g.id offset 0) m`);
  for (const row of rowsOf<{ group: string; user: string }>(rows)) {
    let members = result.get(row.group);
    if (!members) result.set(row.group, (members = new Set()));
    members.add(row.user);
  }
  return result;
}
