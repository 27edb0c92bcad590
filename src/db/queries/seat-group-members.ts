import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Database } from '../database.js';
import { scimResources, seatAssignments } from '../schema/index.js';

export interface SeatMemberRow {
  providerId: string;
  userSourceId: string;
  holdsSeat: boolean;
  scimMember: boolean;
  /** The user's SCIM id as applied; null when never provisioned or deleted. */
  scimId: string | null;
  scimActive: boolean | null;
}

/**
 * Assignments whose seat Group membership as applied differs from their seat: holders not
 * yet recorded as members, and recorded members who no longer hold a seat. Members in step
 * are not read, so an unchanged pool costs nothing here whatever its size.
 */
export async function seatMemberRows(db: Database, tenantId: string, poolId: string): Promise<SeatMemberRow[]> {
  return db
    .select({
      providerId: seatAssignments.providerId,
      userSourceId: seatAssignments.userSourceId,
      holdsSeat: sql<boolean>`${seatAssignments.state} in ('assigned', 'releasing')`,
      scimMember: seatAssignments.scimMember,
      scimId: scimResources.scimId,
      scimActive: scimResources.active,
    })
    .from(seatAssignments)
    .leftJoin(
      scimResources,
      and(
        eq(scimResources.providerId, seatAssignments.providerId),
        eq(scimResources.resourceType, 'User'),
        eq(scimResources.sourceId, seatAssignments.userSourceId),
      ),
    )
    .where(
      and(
        eq(seatAssignments.tenantId, tenantId),
        eq(seatAssignments.poolId, poolId),
        sql`(${seatAssignments.state} in ('assigned', 'releasing')) <> ${seatAssignments.scimMember}`,
      ),
    );
}

/** Records seat Group membership as applied, for users of any provider. */
export async function markSeatMembers(
  db: Database,
  tenantId: string,
  poolId: string,
  users: ReadonlyArray<{ providerId: string; userSourceId: string }>,
  member: boolean,
): Promise<void> {
  const byProvider = new Map<string, string[]>();
  for (const user of users) byProvider.set(user.providerId, [...(byProvider.get(user.providerId) ?? []), user.userSourceId]);
  for (const [providerId, userIds] of byProvider) {
    for (let start = 0; start < userIds.length; start += 1000) {
      await db
        .update(seatAssignments)
        .set({ scimMember: member })
        .where(
          and(
            eq(seatAssignments.tenantId, tenantId),
            eq(seatAssignments.poolId, poolId),
            eq(seatAssignments.providerId, providerId),
            inArray(seatAssignments.userSourceId, userIds.slice(start, start + 1000)),
          ),
        );
    }
  }
}
