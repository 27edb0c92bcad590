import { and, eq, isNotNull } from 'drizzle-orm';
import type { Database } from '../../db/database.js';
import { rosterRecords, scimResources } from '../../db/schema/index.js';

export interface AppliedResource {
  scimId: string;
  userName: string | null;
  appliedHash: string;
  appliedDocument: Record<string, unknown>;
  active: boolean;
}

/** What this provider has applied, by roster source id. */
export async function loadApplied(db: Database, providerId: string, resourceType: 'User' | 'Group'): Promise<Map<string, AppliedResource>> {
  const rows = await db
    .select({
      sourceId: scimResources.sourceId,
      scimId: scimResources.scimId,
      userName: scimResources.userName,
      appliedHash: scimResources.appliedHash,
      appliedDocument: scimResources.appliedDocument,
      active: scimResources.active,
    })
    .from(scimResources)
    .where(and(eq(scimResources.providerId, providerId), eq(scimResources.resourceType, resourceType)));
  return new Map(rows.map(({ sourceId, ...rest }) => [sourceId, rest]));
}

/** userNames already held in the tenant (any provider): new names must not collide with them. */
export async function loadTakenUserNames(db: Database, tenantId: string): Promise<Set<string>> {
  const rows = await db
    .select({ userName: scimResources.userName })
    .from(scimResources)
    .where(and(eq(scimResources.tenantId, tenantId), isNotNull(scimResources.userName)));
  return new Set(rows.map((row) => (row.userName ?? '').toLowerCase()));
}

/** Which source ids of a kind the mirror holds as present, and which it holds as deleted. */
export async function loadMirrorPresence(db: Database, providerId: string, kind: 'users' | 'sections'): Promise<{ present: Set<string>; deleted: Set<string> }> {
  const rows = await db
    .select({ sourceId: rosterRecords.sourceId, deletedRunId: rosterRecords.deletedRunId })
    .from(rosterRecords)
    .where(and(eq(rosterRecords.providerId, providerId), eq(rosterRecords.kind, kind)));
  const present = new Set<string>();
  const deleted = new Set<string>();
  for (const row of rows) (row.deletedRunId ? deleted : present).add(row.sourceId);
  return { present, deleted };
}
