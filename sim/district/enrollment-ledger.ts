import { createHash } from 'node:crypto';
import type { SimEnrollment, SimSection } from './model.js';
import { SortedRecords } from './sorted-records.js';

/**
 * Deterministic enrollment id: both simulators, every restart and every test derive the same
 * OneRoster `sourcedId` for one person in one section, and re-enrolling revives the same id.
 */
export function enrollmentIdOf(sectionId: string, userId: string): string {
  // toString on the first 12 bytes yields a flat string; slicing the hex digest would keep a
  // view into it that compares slower when half a million enrollments are sorted.
  return createHash('sha1').update(`${sectionId}:${userId}`).digest().toString('hex', 0, 12);
}

/** The enrollments a section's member arrays imply: its first teacher is the primary one. */
function enrollmentsImpliedBy(section: SimSection): Omit<SimEnrollment, 'created' | 'lastModified' | 'status'>[] {
  const teachers = section.teacherIds.map((userId, index) => ({
    id: enrollmentIdOf(section.id, userId),
    sectionId: section.id,
    userId,
    role: 'teacher' as const,
    primary: index === 0,
    schoolId: section.schoolId,
  }));
  const students = section.studentIds.map((userId) => ({
    id: enrollmentIdOf(section.id, userId),
    sectionId: section.id,
    userId,
    role: 'student' as const,
    primary: false,
    schoolId: section.schoolId,
  }));
  return [...teachers, ...students];
}

type ImpliedEnrollment = ReturnType<typeof enrollmentsImpliedBy>[number];

function enrollmentRecord(implied: ImpliedEnrollment, created: string, lastModified: string, status: SimEnrollment['status']): SimEnrollment {
  return {
    id: implied.id,
    created,
    lastModified,
    status,
    sectionId: implied.sectionId,
    userId: implied.userId,
    role: implied.role,
    primary: implied.primary,
    schoolId: implied.schoolId,
  };
}

/**
 * The enrollment records OneRoster serves, kept in step with sections' `teacherIds` and
 * `studentIds` (the facts the store owns). Sections are the single source of truth; this
 * ledger only remembers what Clever cannot show: enrollment ids, timestamps and tombstones.
 */
export class EnrollmentLedger {
  private readonly records: SortedRecords<SimEnrollment>;
  private readonly idsBySection = new Map<string, Set<string>>();

  constructor(sections: readonly SimSection[]) {
    const initial: SimEnrollment[] = [];
    for (const section of sections) {
      const ids = new Set<string>();
      for (const enrollment of enrollmentsImpliedBy(section)) {
        initial.push(enrollmentRecord(enrollment, section.created, section.lastModified, section.status));
        ids.add(enrollment.id);
      }
      this.idsBySection.set(section.id, ids);
    }
    this.records = new SortedRecords('enrollment', initial);
  }

  list(includeDeleted = false): readonly SimEnrollment[] {
    return this.records.list(includeDeleted);
  }

  /**
   * Brings a section's enrollments in line with its current members at instant `at`: new or
   * revived members become active, changed role/primary/school bump lastModified, departed
   * members (or every member, when the section itself is tombstoned) become tombstones.
   */
  syncSection(section: SimSection, at: string): void {
    const known = this.idsBySection.get(section.id) ?? new Set<string>();
    this.idsBySection.set(section.id, known);
    const wanted = section.status === 'active' ? enrollmentsImpliedBy(section) : [];
    const wantedIds = new Set<string>();
    for (const enrollment of wanted) {
      wantedIds.add(enrollment.id);
      const existing = this.records.get(enrollment.id);
      if (
        existing?.status === 'active' &&
        existing.role === enrollment.role &&
        existing.primary === enrollment.primary &&
        existing.schoolId === enrollment.schoolId
      ) {
        continue;
      }
      this.records.put(enrollmentRecord(enrollment, existing?.created ?? at, at, 'active'));
      known.add(enrollment.id);
    }
    for (const enrollmentId of known) {
      const existing = this.records.get(enrollmentId);
      if (!wantedIds.has(enrollmentId) && existing?.status === 'active') {
        this.records.put({ ...existing, lastModified: at, status: 'tobedeleted' });
      }
    }
  }
}
