import { sql, type SQL } from 'drizzle-orm';
import { rowsOf, type Database } from '../db/database.js';
import type { EnrollmentRole, RosterSection, RosterTerm } from '../domain/roster.js';
import { rankOf } from '../domain/seats/priority.js';

/**
 * The roster as it stands now, read from the mirror: records without a deletion mark. The
 * sync owns that fact (a full sync marks what it no longer saw, an incremental one what the
 * SIS said is gone), so seats never judge staleness on their own.
 */
export interface RosterView {
  providerId: string;
}

/** SQL condition: roster_records row `alias` is current. */
function isCurrent(_view: RosterView, alias: string): SQL {
  return sql`${sql.raw(alias)}.deleted_run_id is null`;
}

export async function currentSectionsAndTerms(db: Database, view: RosterView): Promise<{ sections: RosterSection[]; terms: Map<string, RosterTerm> }> {
  const rows = rowsOf<{ kind: string; data: RosterSection | RosterTerm }>(
    await db.execute(sql`select r.kind, r.data from roster_records r where r.provider_id = ${view.providerId} and r.kind in ('sections', 'terms') and ${isCurrent(view, 'r')}`),
  );
  const sections = rows.filter((row) => row.kind === 'sections').map((row) => row.data as RosterSection);
  const terms = new Map(rows.filter((row) => row.kind === 'terms').map((row) => [row.data.sourceId, row.data as RosterTerm]));
  return { sections, terms };
}

/**
 * Users with at least one current enrollment, in one of `roles`, in one of `sectionIds`,
 * who are themselves on the current roster and not deprovisioned on the SCIM side; with
 * their priority rank (teacher if any qualifying enrollment is a teacher's).
 */
export async function eligibleUsers(db: Database, view: RosterView, sectionIds: readonly string[], roles: readonly EnrollmentRole[]): Promise<Map<string, number>> {
  if (sectionIds.length === 0 || roles.length === 0) return new Map();
  const rows = rowsOf<{ user_id: string; teacher: boolean }>(
    await db.execute(sql`select e.data->>'userId' as user_id, bool_or(e.data->>'role' = 'teacher') as teacher
      from roster_records e
      join roster_records u on u.provider_id = e.provider_id and u.kind = 'users' and u.source_id = e.data->>'userId' and ${isCurrent(view, 'u')}
      left join scim_resources s on s.provider_id = e.provider_id and s.resource_type = 'User' and s.source_id = e.data->>'userId'
      where e.provider_id = ${view.providerId} and e.kind = 'enrollments' and ${isCurrent(view, 'e')}
        and e.data->>'sectionId' in (select jsonb_array_elements_text(${JSON.stringify(sectionIds)}::jsonb))
        and e.data->>'role' in (select jsonb_array_elements_text(${JSON.stringify(roles)}::jsonb))
        and coalesce(s.active, true)
      group by 1`),
  );
  return new Map(rows.map((row) => [row.user_id, rankOf(row.teacher ? 'teacher' : 'student')]));
}

/** For users of this provider: on the current roster? and their SCIM User as applied. */
export async function rosterPresence(db: Database, view: RosterView, userIds: readonly string[]): Promise<Map<string, { onRoster: boolean; scimActive: boolean | null }>> {
  if (userIds.length === 0) return new Map();
  const rows = rowsOf<{ user_id: string; on_roster: boolean; scim_active: boolean | null }>(
    await db.execute(sql`select ids.user_id, (u.source_id is not null) as on_roster, s.active as scim_active
      from jsonb_array_elements_text(${JSON.stringify(userIds)}::jsonb) as ids(user_id)
      left join roster_records u on u.provider_id = ${view.providerId} and u.kind = 'users' and u.source_id = ids.user_id and ${isCurrent(view, 'u')}
      left join scim_resources s on s.provider_id = ${view.providerId} and s.resource_type = 'User' and s.source_id = ids.user_id`),
  );
  return new Map(rows.map((row) => [row.user_id, { onRoster: row.on_roster, scimActive: row.scim_active }]));
}
