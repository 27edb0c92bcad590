import { and, eq, like } from 'drizzle-orm';
import { expectedRoster } from '../../sim/district/expected-roster.js';
import type { DistrictStore } from '../../sim/district/model.js';
import type { Database } from '../../src/db/database.js';
import { auditLog, seatAssignments } from '../../src/db/schema/index.js';
import { calendarDate, isSectionEligible, type SeatEligibility } from '../../src/domain/seats/eligibility.js';
import { comparePriority, rankOf } from '../../src/domain/seats/priority.js';
import { seatGroupExternalId } from '../../src/domain/seats/seat-group.js';
import { readScimState } from '../support/sync-fixture.js';

/** Users eligible for a pool in the district as the SIS holds it, with their priority rank. */
export function eligibleInDistrict(store: DistrictStore, eligibility: SeatEligibility, today: Date): Map<string, number> {
  const roster = expectedRoster(store);
  const terms = new Map(roster.terms.map((term) => [term.sourceId, term]));
  const sections = new Set(
    roster.sections.filter((section) => isSectionEligible(section, terms, eligibility, calendarDate(today))).map((section) => section.sourceId),
  );
  const users = new Set(roster.users.map((user) => user.sourceId));
  const eligible = new Map<string, number>();
  for (const enrollment of roster.enrollments) {
    if (!sections.has(enrollment.sectionId) || !eligibility.roles.includes(enrollment.role) || !users.has(enrollment.userId)) continue;
    eligible.set(enrollment.userId, Math.min(eligible.get(enrollment.userId) ?? 1, rankOf(enrollment.role)));
  }
  return eligible;
}

/** User ids in seat priority order when all became eligible at once (teachers, then by id). */
export function byPriority(eligible: ReadonlyMap<string, number>, providerId: string): string[] {
  return [...eligible]
    .map(([userId, rank]) => ({ userId, rank, eligibleSince: 0, providerId }))
    .sort(comparePriority)
    .map((user) => user.userId);
}

/** Students the pool could lose: unenrolls `count` of them from every section that makes them eligible. */
export function unenrollEverywhere(store: DistrictStore, userIds: readonly string[]): void {
  for (const section of store.list('sections')) {
    for (const userId of userIds) if (section.studentIds.includes(userId)) store.mutate({ op: 'unenroll', sectionId: section.id, userId });
  }
}

export async function seatStates(db: Database, tenantId: string, poolId: string): Promise<Map<string, string>> {
  const rows = await db
    .select()
    .from(seatAssignments)
    .where(and(eq(seatAssignments.tenantId, tenantId), eq(seatAssignments.poolId, poolId)));
  return new Map(rows.map((row) => [row.userSourceId, row.state]));
}

export function usersIn(states: ReadonlyMap<string, string>, ...wanted: string[]): string[] {
  return [...states]
    .filter(([, state]) => wanted.includes(state))
    .map(([userId]) => userId)
    .sort();
}

/** Seat audit entries of a run (or of every run when runId is omitted), as `action:sourceId`. */
export async function seatAudit(db: Database, tenantId: string, runId?: string): Promise<string[]> {
  const rows = await db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.tenantId, tenantId), like(auditLog.action, 'seat.%'), ...(runId ? [eq(auditLog.runId, runId)] : [])));
  return rows.map((row) => `${row.action}:${String(row.details?.sourceId)}`).sort();
}

/** The pool's seat Group read back over HTTP, members as roster user ids. */
export async function seatGroupMembers(
  scim: { baseUrl: string; token: string },
  tenantId: string,
  poolId: string,
): Promise<{ displayName: string; members: string[] } | undefined> {
  const { users, groups } = await readScimState(scim.baseUrl, scim.token);
  const group = groups.find((candidate) => candidate.externalId === seatGroupExternalId(tenantId, poolId));
  if (!group) return undefined;
  const sourceIdOf = new Map(users.map((user) => [user.id, String(user.externalId).split(':').pop()]));
  return { displayName: group.displayName, members: (group.members ?? []).map((member) => sourceIdOf.get(member.value) ?? `?${member.value}`).sort() };
}
