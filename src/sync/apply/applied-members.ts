import { and, eq, inArray } from 'drizzle-orm';
import type { Database } from '../../db/database.js';
import { scimGroupMembers } from '../../db/schema/index.js';

/** Applied members of some groups, as the bridge recorded them (never read back from SCIM). */
export async function appliedMembers(db: Database, providerId: string, groupSourceIds: readonly string[]): Promise<Map<string, Set<string>>> {
  const result = new Map<string, Set<string>>();
  if (groupSourceIds.length === 0) return result;
  const rows = await db
    .select({ group: scimGroupMembers.groupSourceId, user: scimGroupMembers.userSourceId })
    .from(scimGroupMembers)
    .where(and(eq(scimGroupMembers.providerId, providerId), inArray(scimGroupMembers.groupSourceId, [...groupSourceIds])));
  for (const row of rows) {
    let members = result.get(row.group);
    if (!members) result.set(row.group, (members = new Set()));
    members.add(row.user);
  }
  return result;
}
