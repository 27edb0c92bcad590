import type { EnrollmentRole, RosterSection, RosterTerm } from '../roster.js';

/** Which enrollments make someone eligible for a pool's seats. Empty/absent filters match all. */
export interface SeatEligibility {
  /** Enrollment roles that qualify; default both. */
  roles: EnrollmentRole[];
  schoolIds?: string[];
  courseIds?: string[];
  /** Section subjects (the canonical course has none, see src/domain/roster.ts). */
  subjects?: string[];
}

/**
 * A term is current when start ≤ today ≤ end (calendar dates, compared as YYYY-MM-DD strings).
 * A missing bound is open on that side; a section without a term is never current, because
 * seats follow the timetable and an undated section cannot say when it runs.
 * @internal exported for its tests as well
 */
export function isCurrentTerm(term: Pick<RosterTerm, 'startDate' | 'endDate'> | undefined, today: string): boolean {
  if (!term) return false;
  if (term.startDate && term.startDate > today) return false;
  if (term.endDate && term.endDate < today) return false;
  return true;
}

/**
 * Whether a section's enrollments count for a pool on `today` (YYYY-MM-DD).
 * @internal the rule in plain code: reconcile reads it as SQL (src/db/queries/seat-eligibility.ts), which the tests check against this
 */
export function isSectionEligible(section: RosterSection, terms: ReadonlyMap<string, RosterTerm>, eligibility: SeatEligibility, today: string): boolean {
  if (!isCurrentTerm(section.termId ? terms.get(section.termId) : undefined, today)) return false;
  if (eligibility.schoolIds?.length && !eligibility.schoolIds.includes(section.schoolId)) return false;
  if (eligibility.courseIds?.length && (!section.courseId || !eligibility.courseIds.includes(section.courseId))) return false;
  if (eligibility.subjects?.length && (!section.subject || !eligibility.subjects.includes(section.subject))) return false;
  return true;
}

/** The calendar date of an instant, in UTC (districts' local dates are not known to the bridge). */
export function calendarDate(at: Date): string {
  return at.toISOString().slice(0, 10);
}

/**
 * Seats of a pool: with the Tenant Service in charge (licensed seats known) and a SKU on the
 * pool, what the tenant licensed for that SKU (0 when it licensed none); otherwise the
 * pool's own capacity.
 */
export function capacityOf(pool: { sku: string | null; capacity: number }, licensed: ReadonlyMap<string, number> | undefined): number {
  if (licensed && pool.sku) return licensed.get(pool.sku) ?? 0;
  return pool.capacity;
}
