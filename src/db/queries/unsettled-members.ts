import { sql } from 'drizzle-orm';
import type { Database } from '../database.js';
import { inList, textRows } from './in-list.js';

type Executor = Pick<Database, 'execute'>;

/**
 * Which groups' applied members a full sync must diff although nothing it fetched touched
 * them (scim_unsettled_members): marked when a membership patch is planned or the record of
 * applied members is corrected from the target, cleared when the patch is applied.
 */

export async function markMembersUnsettled(db: Executor, providerId: string, groupSourceIds: readonly string[]): Promise<void> {
  if (groupSourceIds.length === 0) return;
  await db.execute(sql`insert into scim_unsettled_members (provider_id, group_source_id)
    select ${providerId}::uuid, g from ${textRows(groupSourceIds)} as g
    on conflict do nothing`);
}

/** Every group a user is recorded in: its record of members is about to lose that user. */
export async function markGroupsOfUserUnsettled(db: Executor, providerId: string, userSourceId: string): Promise<void> {
  await db.execute(sql`insert into scim_unsettled_members (provider_id, group_source_id)
    select provider_id, group_source_id from scim_group_members where provider_id = ${providerId}::uuid and user_source_id = ${userSourceId}
    on conflict do nothing`);
}

/** The membership patches a plan part just wrote: unsettled until applied. */
export async function markPlannedMembersUnsettled(db: Executor, runId: string, providerId: string, seqFrom: number, seqTo: number): Promise<void> {
  await db.execute(sql`insert into scim_unsettled_members (provider_id, group_source_id)
    select ${providerId}::uuid, source_id from sync_plan_items
    where run_id = ${runId}::uuid and seq >= ${seqFrom}::int and seq < ${seqTo}::int and op = 'members'
    on conflict do nothing`);
}

/** These groups' membership patches were applied whole: their record of members is the desired one. */
export async function settleMembers(db: Executor, providerId: string, groupSourceIds: readonly string[]): Promise<void> {
  if (groupSourceIds.length === 0) return;
  await db.execute(sql`delete from scim_unsettled_members where provider_id = ${providerId}::uuid and ${inList(sql`group_source_id`, groupSourceIds)}`);
}
