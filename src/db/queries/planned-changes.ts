import { sql, type SQL } from 'drizzle-orm';
import { rowsOf, type Database } from '../database.js';
import { reachedRows, reachedSections, type PlanReach } from './plan-parts.js';
import { markPlannedMembersUnsettled } from './unsettled-members.js';

/**
 * One planning part's items, written by the database itself (INSERT … SELECT): the desired
 * hash stored with each mirror row against the applied hash, the mirror's enrollments against
 * the applied members. Nothing of the provider's applied state passes through the worker.
 * Items are numbered from `seqBase` in key order; their batch is set when the plan is laid out.
 */
export interface PartRange {
  seqBase: number;
  lowKey: string;
  highKey: string;
}

/** Clears a part's items, so a retried part plans from scratch. */
export async function clearPartItems(db: Database, runId: string, seqBase: number, partSize: number): Promise<void> {
  await db.execute(sql`delete from sync_plan_items where run_id = ${runId}::uuid and seq >= ${seqBase}::int and seq < ${seqBase + partSize}::int`);
}

/**
 * Creates, updates and deprovisions of the Users (from `users`) or Groups (from `sections`)
 * in the range: created when never applied, updated when the desired hash differs from the
 * applied one (or the user was deactivated), deprovisioned when the mirror marks the record
 * deleted and it is still active. New users carry the userName they claimed at transform.
 *
 * The applied resource and the claim are looked up key by key (lateral, `limit 1`: each a
 * primary-key probe), whatever the statistics say. Joined plainly, a provider whose rows
 * arrived after the last ANALYZE is expected to own one claim: the planner then reads all of
 * its claims for every user of the part (a second district's first plan at 100k students took
 * 3–32 s a part of 1,800 users, more the more of its claims were written).
 */
export async function planResources(
  db: Database,
  reach: PlanReach,
  range: PartRange,
  kind: 'users' | 'sections',
  policy: 'deactivate' | 'delete',
): Promise<number> {
  return affected(await db.execute(plannedResources(reach, range, kind, policy)));
}

/**
 * planResources' statement.
 * @internal exported for its tests as well (they read the plan the database makes of it)
 */
export function plannedResources(reach: PlanReach, range: PartRange, kind: 'users' | 'sections', policy: 'deactivate' | 'delete'): SQL {
  const resourceType = kind === 'users' ? 'User' : 'Group';
  return sql`insert into sync_plan_items (run_id, seq, batch, op, resource_type, source_id, status, details)
    select ${reach.runId}::uuid, ${range.seqBase}::int + (row_number() over (order by m.source_id))::int - 1, -1, c.op, ${resourceType}, m.source_id, 'pending',
      case c.op
        when 'deprovision' then jsonb_build_object('policy', ${policy}::text)
        when 'create' then case when claim.user_name is null then '{}'::jsonb else jsonb_build_object('userName', claim.user_name) end
        else '{}'::jsonb end
    from roster_records m
    left join lateral (select a.source_id, a.active, a.applied_hash from scim_resources a
      where a.provider_id = m.provider_id and a.resource_type = ${resourceType} and a.source_id = m.source_id limit 1) a on true
    left join lateral (select claim.user_name from user_name_claims claim
      where ${kind} = 'users' and claim.provider_id = m.provider_id and claim.source_id = m.source_id limit 1) claim on true
    cross join lateral (select case
      when m.deleted_run_id is not null then case when a.active then 'deprovision' end
      when a.source_id is null then 'create'
      when a.applied_hash is distinct from m.desired_hash or not a.active then 'update'
    end as op) c
    where m.provider_id = ${reach.providerId}::uuid and m.kind = ${kind} and m.source_id between ${range.lowKey} and ${range.highKey}
      and ${reachedRows(reach, kind)} and c.op is not null`;
}

/**
 * Member changes of the present sections in the range: desired members (present enrollments
 * whose user is present) against the members applied, one item per section that differs.
 *
 * Both sides are read section by section (lateral, by index). Joined plainly, the planner
 * trusts the sampled distinct count of enrollments' sectionId, which rows stored section by
 * section make far too small (about 200 for 189k sections at 1M students): it then scans and
 * sorts every enrollment and user of the provider for each part (3.6 s a part at 100k, ~45 s
 * at 1M), and compiles the query (JIT) for that inflated cost on top.
 */
export async function planMembers(db: Database, reach: PlanReach, range: PartRange): Promise<number> {
  return db.transaction(async (tx) => {
    // Compiling costs more than this query runs; the setting ends with the transaction.
    await tx.execute(sql`set local jit = off`);
    const planned = affected(await tx.execute(membersOfRange(reach, range)));
    await markPlannedMembersUnsettled(tx, reach.runId, reach.providerId, range.seqBase, range.seqBase + planned);
    return planned;
  });
}

function membersOfRange(reach: PlanReach, range: PartRange) {
  return sql`with sections as (
      select m.source_id from roster_records m
      where m.provider_id = ${reach.providerId}::uuid and m.kind = 'sections' and m.deleted_run_id is null
        and m.source_id between ${range.lowKey} and ${range.highKey} and ${reachedSections(reach)}
    ), desired as (
      select s.source_id as g, e.u
      from sections s
      cross join lateral (
        select e.data->>'userId' as u from roster_records e
        where e.provider_id = ${reach.providerId}::uuid and e.kind = 'enrollments' and e.data->>'sectionId' = s.source_id and e.deleted_run_id is null
          and exists (select 1 from roster_records usr
            where usr.provider_id = e.provider_id and usr.kind = 'users' and usr.source_id = e.data->>'userId' and usr.deleted_run_id is null)
      ) e
    ), applied as (
      select s.source_id as g, gm.u
      from sections s
      cross join lateral (
        select gm.user_source_id as u from scim_group_members gm where gm.provider_id = ${reach.providerId}::uuid and gm.group_source_id = s.source_id
      ) gm
    ), changes as (
      select g, u, 'add' as op from (select g, u from desired except select g, u from applied) adds
      union all
      select g, u, 'remove' as op from (select g, u from applied except select g, u from desired) removes
    )
    insert into sync_plan_items (run_id, seq, batch, op, resource_type, source_id, status, details)
    select ${reach.runId}::uuid, ${range.seqBase}::int + (row_number() over (order by g))::int - 1, -1, 'members', 'Group', g, 'pending',
      jsonb_build_object('add', coalesce(jsonb_agg(u order by u) filter (where op = 'add'), '[]'::jsonb),
                         'remove', coalesce(jsonb_agg(u order by u) filter (where op = 'remove'), '[]'::jsonb))
    from changes group by g`;
}

/**
 * Applied and active, yet without any mirror record: the roster no longer knows them at all
 * (a full, unscoped sync only; deletion marks are handled with their kind).
 */
export async function planOrphans(db: Database, reach: PlanReach, seqBase: number, userPolicy: 'deactivate' | 'delete'): Promise<number> {
  const result = await db.execute(sql`insert into sync_plan_items (run_id, seq, batch, op, resource_type, source_id, status, details)
    select ${reach.runId}::uuid, ${seqBase}::int + (row_number() over (order by a.resource_type desc, a.source_id))::int - 1, -1, 'deprovision', a.resource_type, a.source_id, 'pending',
      jsonb_build_object('policy', case when a.resource_type = 'User' then ${userPolicy}::text else 'delete' end)
    from scim_resources a
    where a.provider_id = ${reach.providerId}::uuid and a.active
      and not exists (select 1 from roster_records m where m.provider_id = a.provider_id and m.kind = case when a.resource_type = 'User' then 'users' else 'sections' end and m.source_id = a.source_id)`);
  return affected(result);
}

export interface PlannedUpdate {
  seq: number;
  resourceType: 'User' | 'Group';
  data: unknown;
  appliedDocument: Record<string, unknown>;
  userName: string | null;
}

/**
 * The part's updates with both sides, to say which attributes change (bounded by the part).
 * Each side is one primary-key probe per item (lateral), like planResources' lookups: the
 * run's items are never in the statistics.
 */
export async function loadPartUpdates(db: Database, runId: string, providerId: string, seqBase: number, partSize: number): Promise<PlannedUpdate[]> {
  const result = await db.execute(sql`select p.seq, p.resource_type, m.data, a.applied_document, a.user_name
    from sync_plan_items p
    cross join lateral (select m.data from roster_records m
      where m.provider_id = ${providerId}::uuid and m.kind = case when p.resource_type = 'User' then 'users' else 'sections' end and m.source_id = p.source_id limit 1) m
    cross join lateral (select a.applied_document, a.user_name from scim_resources a
      where a.provider_id = ${providerId}::uuid and a.resource_type = p.resource_type and a.source_id = p.source_id limit 1) a
    where p.run_id = ${runId}::uuid and p.seq >= ${seqBase}::int and p.seq < ${seqBase + partSize}::int and p.op = 'update'`);
  return rowsOf<{ seq: number; resource_type: 'User' | 'Group'; data: unknown; applied_document: Record<string, unknown>; user_name: string | null }>(
    result,
  ).map((row) => ({
    seq: Number(row.seq),
    resourceType: row.resource_type,
    data: row.data,
    appliedDocument: row.applied_document,
    userName: row.user_name,
  }));
}

export async function recordChangedFields(db: Database, runId: string, changes: ReadonlyArray<{ seq: number; changedFields: string[] }>): Promise<void> {
  for (let start = 0; start < changes.length; start += 1000) {
    const rows = changes.slice(start, start + 1000).map((change) => ({ seq: change.seq, details: { changedFields: change.changedFields } }));
    await db.execute(sql`update sync_plan_items p set details = r.details
      from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as r(seq int, details jsonb)
      where p.run_id = ${runId}::uuid and p.seq = r.seq`);
  }
}

function affected(result: unknown): number {
  const counted = result as { rowCount?: number | null; affectedRows?: number; count?: number };
  return Number(counted.rowCount ?? counted.affectedRows ?? counted.count ?? 0);
}
