import { sql, type SQL } from 'drizzle-orm';
import type { SeatEligibility } from '../../domain/seats/eligibility.js';
import { standingWhenIneligible, type UserStanding } from '../../domain/seats/reconcile-pool.js';
import { rowsOf, type Database } from '../database.js';
import { inList } from './in-list.js';

export interface PoolEligibilityScope {
  tenantId: string;
  poolId: string;
  /** The provider whose current roster is read. */
  providerId: string;
  eligibility: SeatEligibility;
  /** The calendar day terms are judged on (YYYY-MM-DD), from the caller's clock. */
  today: string;
}

const TEACHER_RANK = 0;
const STUDENT_RANK = 1;

/**
 * The users of the provider's current roster (no deletion mark, SCIM User not deprovisioned)
 * with at least one enrollment in a qualifying role in a section the pool counts on `today`,
 * with their priority rank: 0 when any such enrollment is a teacher's, else 1.
 *
 * The same rule as `isSectionEligible`, as a join: the section's term must exist and be
 * current (a missing or empty bound is open; dates compare as text in the C collation, the
 * code-unit order the pure rule uses), and each non-empty filter must match.
 */
function eligibleUsersQuery(scope: PoolEligibilityScope): SQL {
  const { eligibility, providerId, today } = scope;
  const filters: SQL[] = [inList(sql`e.data->>'role'`, eligibility.roles)];
  if (eligibility.schoolIds?.length) filters.push(inList(sql`sec.data->>'schoolId'`, eligibility.schoolIds));
  if (eligibility.courseIds?.length) filters.push(inList(sql`sec.data->>'courseId'`, eligibility.courseIds));
  if (eligibility.subjects?.length) filters.push(inList(sql`sec.data->>'subject'`, eligibility.subjects));
  return sql`select e.data->>'userId' as user_id, min(case when e.data->>'role' = 'teacher' then ${TEACHER_RANK} else ${STUDENT_RANK} end)::int as rank
    from roster_records e
    join roster_records sec on sec.provider_id = e.provider_id and sec.kind = 'sections' and sec.source_id = e.data->>'sectionId' and sec.deleted_run_id is null
    join roster_records t on t.provider_id = e.provider_id and t.kind = 'terms' and t.source_id = sec.data->>'termId' and t.deleted_run_id is null
    join roster_records u on u.provider_id = e.provider_id and u.kind = 'users' and u.source_id = e.data->>'userId' and u.deleted_run_id is null
    left join scim_resources s on s.provider_id = e.provider_id and s.resource_type = 'User' and s.source_id = e.data->>'userId'
    where e.provider_id = ${providerId} and e.kind = 'enrollments' and e.deleted_run_id is null
      and coalesce(nullif(t.data->>'startDate', ''), ${today}) collate "C" <= ${today}
      and coalesce(nullif(t.data->>'endDate', ''), ${today}) collate "C" >= ${today}
      and coalesce(s.active, true)
      and ${sql.join(filters, sql` and `)}
    group by 1`;
}

/**
 * Every user eligible for the pool now, with rank; reconcile reads only the difference.
 * @internal the eligibility SQL on its own, for its tests
 */
export async function eligibleUsers(db: Database, scope: PoolEligibilityScope): Promise<Map<string, number>> {
  const rows = rowsOf<{ user_id: string; rank: number }>(await db.execute(eligibleUsersQuery(scope)));
  return new Map(rows.map((row) => [row.user_id, Number(row.rank)]));
}

/**
 * Where eligibility and the pool's live assignments of this provider disagree, computed in
 * SQL as two set differences so only those users reach the seat rules:
 * - eligible users without a live row, or whose live row has another rank or is in grace;
 * - live rows whose user is no longer eligible, with where that user stands: still on the
 *   roster (grace), gone with the SCIM User deprovisioned or never created (release now), or
 *   gone with the SCIM User still active (a held or discarded deprovision keeps the seat).
 * Users eligible with a live row of the same rank are unchanged and are not returned.
 */
export async function changedStandings(db: Database, scope: PoolEligibilityScope): Promise<Map<string, UserStanding>> {
  const { tenantId, poolId, providerId } = scope;
  const rows = rowsOf<{ user_id: string; rank: number | null; on_roster: boolean | null; scim_active: boolean | null }>(
    await db.execute(sql`with eligible as (${eligibleUsersQuery(scope)}),
      live as (
        select a.user_source_id as user_id, a.state, a.rank from seat_assignments a
        where a.tenant_id = ${tenantId} and a.pool_id = ${poolId} and a.provider_id = ${providerId} and a.state <> 'released'
      )
      select el.user_id, el.rank, null::boolean as on_roster, null::boolean as scim_active
        from eligible el left join live l on l.user_id = el.user_id
        where l.user_id is null or l.rank <> el.rank or l.state = 'releasing'
      union all
      select l.user_id, null::int, (u.source_id is not null), s.active
        from live l
        left join eligible el on el.user_id = l.user_id
        left join roster_records u on u.provider_id = ${providerId} and u.kind = 'users' and u.source_id = l.user_id and u.deleted_run_id is null
        left join scim_resources s on s.provider_id = ${providerId} and s.resource_type = 'User' and s.source_id = l.user_id
        where el.user_id is null`),
  );
  return new Map(
    rows.map((row) => [
      row.user_id,
      row.rank === null
        ? standingWhenIneligible({ onRoster: Boolean(row.on_roster), scimActive: row.scim_active })
        : { kind: 'eligible', rank: Number(row.rank) },
    ]),
  );
}
