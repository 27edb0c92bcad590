import { sql } from 'drizzle-orm';
import { rowsOf, type Database } from '../../db/database.js';

/** Applied members of some groups, as the bridge recorded them (never read back from SCIM). */
export async function appliedMembers(db: Database, providerId: string, groupSourceIds: readonly string[]): Promise<Map<string, Set<string>>> {
  const result = new Map<string, Set<string>>();
  if (groupSourceIds.length === 0) return result;
  const rows = rowsOf<{ group_source_id: string; user_source_id: string }>(
    await db.execute(sql`select group_source_id, user_source_id from scim_group_members
      where provider_id = ${providerId}::uuid
        and group_source_id in (select jsonb_array_elements_text(${JSON.stringify(groupSourceIds)}::jsonb))`),
  );
  for (const row of rows) {
    let members = result.get(row.group_source_id);
    if (!members) result.set(row.group_source_id, (members = new Set()));
    members.add(row.user_source_id);
  }
  return result;
}
