import { and, asc, eq, gt, isNull, or, sql } from 'drizzle-orm';
import type { Database } from '../database.js';
import { inList, textRows } from './in-list.js';
import { markGroupsOfUserUnsettled, markMembersUnsettled } from './unsettled-members.js';
import { scimGroupMembers, scimResources, targetVerifyMarks } from '../schema/index.js';

/**
 * SQL of the target verification: the bridge's record of what it applied (scim_resources,
 * scim_group_members) read by the SCIM ids and source ids the read-back meets, the run's
 * marks of what it found, and the corrections that make the record say what the target
 * really holds. Every statement is bounded by one page of resources.
 */

export type ResourceType = 'User' | 'Group';

export interface ManagedResource {
  sourceId: string;
  scimId: string;
  externalId: string;
  appliedDocument: Record<string, unknown>;
  active: boolean;
}

const managedColumns = {
  sourceId: scimResources.sourceId,
  scimId: scimResources.scimId,
  externalId: scimResources.externalId,
  appliedDocument: scimResources.appliedDocument,
  active: scimResources.active,
};

/** Records of this provider among some SCIM ids (the ids of one page read from the target). */
export async function managedByScimIds(
  db: Database,
  scope: { tenantId: string; providerId: string; resourceType: ResourceType },
  scimIds: readonly string[],
): Promise<ManagedResource[]> {
  if (scimIds.length === 0) return [];
  return db
    .select(managedColumns)
    .from(scimResources)
    .where(
      and(
        eq(scimResources.tenantId, scope.tenantId),
        inList(scimResources.scimId, scimIds),
        eq(scimResources.providerId, scope.providerId),
        eq(scimResources.resourceType, scope.resourceType),
      ),
    );
}

export async function managedBySourceIds(
  db: Database,
  scope: { providerId: string; resourceType: ResourceType },
  sourceIds: readonly string[],
): Promise<ManagedResource[]> {
  if (sourceIds.length === 0) return [];
  return db
    .select(managedColumns)
    .from(scimResources)
    .where(and(eq(scimResources.providerId, scope.providerId), eq(scimResources.resourceType, scope.resourceType), inList(scimResources.sourceId, sourceIds)));
}

/** The recorded SCIM id was read back. */
export async function markSeen(db: Database, runId: string, resourceType: ResourceType, sourceIds: readonly string[]): Promise<void> {
  if (sourceIds.length === 0) return;
  await db.execute(sql`insert into target_verify_marks (run_id, resource_type, source_id, seen)
    select ${runId}::uuid, ${resourceType}, s, 'id' from ${textRows(sourceIds)} as s
    on conflict (run_id, resource_type, source_id) do update set seen = 'id'`);
}

/** A resource with the record's externalId under another SCIM id; the first one met is kept. */
export async function markCandidate(db: Database, runId: string, resourceType: ResourceType, sourceId: string, scimId: string): Promise<void> {
  await db.insert(targetVerifyMarks).values({ runId, resourceType, sourceId, seen: 'candidate', candidateScimId: scimId }).onConflictDoNothing();
}

export interface UnseenResource {
  sourceId: string;
  scimId: string;
  active: boolean;
  candidateScimId: string | null;
}

/** Records whose SCIM id the read-back did not meet, after `after` in source id order. */
export async function unseenManaged(
  db: Database,
  scope: { runId: string; providerId: string; resourceType: ResourceType },
  after: string,
  limit: number,
): Promise<UnseenResource[]> {
  return db
    .select({
      sourceId: scimResources.sourceId,
      scimId: scimResources.scimId,
      active: scimResources.active,
      candidateScimId: targetVerifyMarks.candidateScimId,
    })
    .from(scimResources)
    .leftJoin(
      targetVerifyMarks,
      and(
        eq(targetVerifyMarks.runId, scope.runId),
        eq(targetVerifyMarks.resourceType, scimResources.resourceType),
        eq(targetVerifyMarks.sourceId, scimResources.sourceId),
      ),
    )
    .where(
      and(
        eq(scimResources.providerId, scope.providerId),
        eq(scimResources.resourceType, scope.resourceType),
        gt(scimResources.sourceId, after),
        or(isNull(targetVerifyMarks.seen), eq(targetVerifyMarks.seen, 'candidate')),
      ),
    )
    .orderBy(asc(scimResources.sourceId))
    .limit(limit);
}

export async function clearVerifyMarks(db: Database, runId: string, resourceType: ResourceType): Promise<void> {
  await db.delete(targetVerifyMarks).where(and(eq(targetVerifyMarks.runId, runId), eq(targetVerifyMarks.resourceType, resourceType)));
}

/** Recorded members of some groups: group source id → (user source id → that user's SCIM id). */
export async function recordedMembers(db: Database, providerId: string, groupSourceIds: readonly string[]): Promise<Map<string, Map<string, string>>> {
  const result = new Map<string, Map<string, string>>(groupSourceIds.map((id) => [id, new Map()]));
  if (groupSourceIds.length === 0) return result;
  const rows = await db
    .select({ group: scimGroupMembers.groupSourceId, user: scimGroupMembers.userSourceId, scimId: scimResources.scimId })
    .from(scimGroupMembers)
    .innerJoin(
      scimResources,
      and(
        eq(scimResources.providerId, scimGroupMembers.providerId),
        eq(scimResources.resourceType, 'User'),
        eq(scimResources.sourceId, scimGroupMembers.userSourceId),
      ),
    )
    .where(and(eq(scimGroupMembers.providerId, providerId), inList(scimGroupMembers.groupSourceId, groupSourceIds)));
  for (const row of rows) result.get(row.group)?.set(row.user, row.scimId);
  return result;
}

/** Users this provider manages among some SCIM ids: SCIM id → source id. */
export async function managedUsersByScimIds(
  db: Database,
  scope: { tenantId: string; providerId: string },
  scimIds: readonly string[],
): Promise<Map<string, string>> {
  const result = new Map<string, string>();
  const unique = [...new Set(scimIds)];
  for (let start = 0; start < unique.length; start += 5000) {
    const rows = await managedByScimIds(db, { ...scope, resourceType: 'User' }, unique.slice(start, start + 5000));
    for (const row of rows) result.set(row.scimId, row.sourceId);
  }
  return result;
}

type Transaction = Parameters<Parameters<Database['transaction']>[0]>[0];

export interface ResourceKey {
  providerId: string;
  resourceType: ResourceType;
  sourceId: string;
}

const keyOf = (key: ResourceKey) =>
  and(eq(scimResources.providerId, key.providerId), eq(scimResources.resourceType, key.resourceType), eq(scimResources.sourceId, key.sourceId));

/** The record now says what the target holds (attributes, active, or the SCIM id it lives under). */
export async function correctAppliedResource(
  tx: Transaction,
  key: ResourceKey,
  correction: Partial<{ scimId: string; appliedDocument: Record<string, unknown>; appliedHash: string; active: boolean }>,
): Promise<void> {
  await tx
    .update(scimResources)
    .set({ ...correction, updatedAt: new Date() })
    .where(keyOf(key));
}

/**
 * The resource is gone from the target: forget it, and its memberships (a User's in every
 * group, a Group's members), so the plan re-creates it and re-adds what belongs to it. Every
 * correction of the record of members marks the group unsettled, for the plan to diff it.
 */
export async function forgetAppliedResource(tx: Transaction, key: ResourceKey): Promise<void> {
  if (key.resourceType === 'User') await markGroupsOfUserUnsettled(tx, key.providerId, key.sourceId);
  await tx.delete(scimResources).where(keyOf(key));
  const members = key.resourceType === 'Group' ? eq(scimGroupMembers.groupSourceId, key.sourceId) : eq(scimGroupMembers.userSourceId, key.sourceId);
  await tx.delete(scimGroupMembers).where(and(eq(scimGroupMembers.providerId, key.providerId), members));
}

/** Every recorded member of one group. */
export async function forgetGroupMembers(tx: Transaction, providerId: string, groupSourceId: string): Promise<void> {
  await markMembersUnsettled(tx, providerId, [groupSourceId]);
  await tx.delete(scimGroupMembers).where(and(eq(scimGroupMembers.providerId, providerId), eq(scimGroupMembers.groupSourceId, groupSourceId)));
}

export async function forgetMembers(tx: Transaction, providerId: string, groupSourceId: string, userSourceIds: readonly string[]): Promise<void> {
  if (userSourceIds.length === 0) return;
  await markMembersUnsettled(tx, providerId, [groupSourceId]);
  await tx
    .delete(scimGroupMembers)
    .where(
      and(eq(scimGroupMembers.providerId, providerId), eq(scimGroupMembers.groupSourceId, groupSourceId), inList(scimGroupMembers.userSourceId, userSourceIds)),
    );
}

export async function recordMembers(tx: Transaction, providerId: string, groupSourceId: string, userSourceIds: readonly string[]): Promise<void> {
  if (userSourceIds.length === 0) return;
  await markMembersUnsettled(tx, providerId, [groupSourceId]);
  await tx.execute(sql`insert into scim_group_members (provider_id, group_source_id, user_source_id)
    select ${providerId}::uuid, ${groupSourceId}, u from ${textRows(userSourceIds)} as u
    on conflict do nothing`);
}
