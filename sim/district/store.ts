import { ChangeLog } from './change-log.js';
import { EnrollmentLedger } from './enrollment-ledger.js';
import type {
  DistrictStore,
  SimChange,
  SimDistrict,
  SimDistrictInfo,
  SimEnrollment,
  SimKind,
  SimMutation,
  SimRecordByKind,
  SimSection,
  SimUser,
} from './model.js';
import { SimMutationError } from './mutation-error.js';
import { checkRecordShape, isSimKind } from './record-schemas.js';
import { checkReferences } from './reference-checks.js';
import { mergeRecordPatch } from './record-patch.js';
import { SortedRecords } from './sorted-records.js';

export interface DistrictStoreOptions {
  /** Clock for lastModified and change timestamps; tests inject a fixed one. */
  now?: () => Date;
}

type RecordCollections = { [K in SimKind]: SortedRecords<SimRecordByKind[K]> };

/**
 * The in-memory district both simulators serve. The store takes ownership of the district's
 * record objects but never edits one in place: every mutation stores a new object, so
 * snapshots handed out earlier (listings, change `previous`) stay truthful.
 */
export function createDistrictStore(district: SimDistrict, options: DistrictStoreOptions = {}): DistrictStore {
  return new InMemoryDistrictStore(district, options.now ?? (() => new Date()));
}

class InMemoryDistrictStore implements DistrictStore {
  readonly info: SimDistrictInfo;
  private readonly collections: RecordCollections;
  private readonly changeLog = new ChangeLog();
  /** Built on first need: hashing every enrollment id of a large district costs a second or so. */
  private ledger: EnrollmentLedger | undefined;

  constructor(
    district: SimDistrict,
    private readonly now: () => Date,
  ) {
    this.info = district.district;
    this.collections = {
      schools: new SortedRecords('school', district.schools),
      terms: new SortedRecords('term', district.terms),
      courses: new SortedRecords('course', district.courses),
      users: new SortedRecords('user', district.users),
      sections: new SortedRecords('section', district.sections),
    };
  }

  list<K extends SimKind>(kind: K, options: { includeDeleted?: boolean } = {}): readonly SimRecordByKind[K][] {
    return this.collection(kind).list(options.includeDeleted ?? false);
  }

  get<K extends SimKind>(kind: K, id: string): SimRecordByKind[K] | undefined {
    return this.collection(kind).get(id);
  }

  enrollments(options: { includeDeleted?: boolean } = {}): readonly SimEnrollment[] {
    return this.enrollmentLedger().list(options.includeDeleted ?? false);
  }

  changesAfter(afterSeq: number, limit: number): readonly SimChange[] {
    return this.changeLog.after(afterSeq, limit);
  }

  oldestRetainedSeq(): number | undefined {
    return this.changeLog.oldestRetainedSeq();
  }

  latestSeq(): number {
    return this.changeLog.latestSeq();
  }

  expireChanges(now: Date, retentionDays = 30): void {
    this.changeLog.expire(now, retentionDays);
  }

  mutate(mutation: SimMutation): SimChange[] {
    // The ledger must exist before sections change, or departed members would get no tombstone.
    this.enrollmentLedger();
    const at = this.now().toISOString();
    switch (mutation.op) {
      case 'create':
        return this.create(mutation.kind, mutation.record, at);
      case 'update':
        return this.update(mutation.kind, mutation.id, mutation.patch, at);
      case 'delete':
        return this.remove(mutation.kind, mutation.id, at);
      case 'enroll':
        return this.enroll(mutation.sectionId, mutation.userId, mutation.role, at);
      case 'unenroll':
        return this.unenroll(mutation.sectionId, mutation.userId, at);
      default:
        throw new SimMutationError('invalid', `unknown mutation op ${JSON.stringify((mutation as { op?: unknown }).op)}`);
    }
  }

  private create(kind: SimKind, input: unknown, at: string): SimChange[] {
    this.assertKind(kind);
    if (typeof input !== 'object' || input === null || typeof (input as { id?: unknown }).id !== 'string') {
      throw new SimMutationError('invalid', `create ${kind}: record must be an object with a string id`);
    }
    const id = (input as { id: string }).id;
    if (this.collection(kind).get(id)) throw new SimMutationError('conflict', `${kind} ${id} already exists`);
    const record = this.checked(kind, { ...input, created: at, lastModified: at, status: 'active' }, `create ${kind} ${id}`);
    this.collection(kind).put(record);
    const changes = [this.changeLog.append({ at, kind, type: 'created', record })];
    if (kind === 'sections') this.enrollmentLedger().syncSection(record as SimSection, at);
    return changes;
  }

  private update(kind: SimKind, id: string, patch: Record<string, unknown>, at: string): SimChange[] {
    const previous = this.requireActive(kind, id);
    const merged = mergeRecordPatch(previous, patch, `update ${kind} ${id}`);
    if (JSON.stringify(merged) === JSON.stringify(previous)) return [];
    return [this.replace(kind, this.checked(kind, { ...merged, lastModified: at }, `update ${kind} ${id}`), previous, at)];
  }

  private remove(kind: SimKind, id: string, at: string): SimChange[] {
    const current = this.requireActive(kind, id);
    const changes: SimChange[] = [];
    if (kind === 'users') changes.push(...this.detachUser(id, at));
    else this.assertUnreferenced(kind, id);
    const tombstone = { ...current, lastModified: at, status: 'tobedeleted' as const };
    this.collection(kind).put(tombstone);
    changes.push(this.changeLog.append({ at, kind, type: 'deleted', record: tombstone }));
    if (kind === 'sections') this.enrollmentLedger().syncSection(tombstone as SimSection, at);
    return changes;
  }

  private enroll(sectionId: string, userId: string, role: unknown, at: string): SimChange[] {
    if (role !== 'student' && role !== 'teacher') throw new SimMutationError('invalid', `enroll: role must be student or teacher, got ${JSON.stringify(role)}`);
    const section = this.requireActive('sections', sectionId);
    const user = this.requireActive('users', userId);
    if (!user.roles.includes(role)) throw new SimMutationError('invalid', `user ${userId} cannot be enrolled as ${role}: roles are ${user.roles.join(', ')}`);
    const asTeacher = section.teacherIds.includes(userId);
    const asStudent = section.studentIds.includes(userId);
    if ((role === 'teacher' && asTeacher) || (role === 'student' && asStudent)) return [];
    if (asTeacher || asStudent)
      throw new SimMutationError('conflict', `user ${userId} is already in section ${sectionId} as ${asTeacher ? 'teacher' : 'student'}`);
    const next: SimSection =
      role === 'teacher'
        ? { ...section, teacherIds: [...section.teacherIds, userId], lastModified: at }
        : { ...section, studentIds: [...section.studentIds, userId], lastModified: at };
    return [this.replace('sections', next, section, at)];
  }

  private unenroll(sectionId: string, userId: string, at: string): SimChange[] {
    const section = this.requireActive('sections', sectionId);
    this.requireActive('users', userId);
    if (!section.teacherIds.includes(userId) && !section.studentIds.includes(userId)) {
      throw new SimMutationError('not_found', `user ${userId} is not enrolled in section ${sectionId}`);
    }
    return [this.replace('sections', withoutMember(section, userId, at), section, at)];
  }

  /** A deleted user leaves every section (enrollments tombstoned) and every contact's student list. */
  private detachUser(userId: string, at: string): SimChange[] {
    const changes: SimChange[] = [];
    for (const section of [...this.collections.sections.list()]) {
      if (section.teacherIds.includes(userId) || section.studentIds.includes(userId)) {
        changes.push(this.replace('sections', withoutMember(section, userId, at), section, at));
      }
    }
    for (const contact of [...this.collections.users.list()]) {
      if (contact.contact?.studentIds.includes(userId)) {
        const next: SimUser = {
          ...contact,
          contact: { ...contact.contact, studentIds: contact.contact.studentIds.filter((id) => id !== userId) },
          lastModified: at,
        };
        changes.push(this.replace('users', next, contact, at));
      }
    }
    return changes;
  }

  private replace<K extends SimKind>(kind: K, record: SimRecordByKind[K], previous: SimRecordByKind[K], at: string): SimChange {
    this.collection(kind).put(record);
    if (kind === 'sections') this.enrollmentLedger().syncSection(record as SimSection, at);
    return this.changeLog.append({ at, kind, type: 'updated', record, previous });
  }

  private checked<K extends SimKind>(kind: K, candidate: unknown, what: string): SimRecordByKind[K] {
    const shape = checkRecordShape(kind, candidate);
    if (!shape.ok) throw new SimMutationError('invalid', `${what}: ${shape.problems}`);
    const problems = checkReferences(this, kind, shape.record);
    if (problems.length > 0) throw new SimMutationError('invalid', `${what}: ${problems.join('; ')}`);
    return shape.record;
  }

  private assertUnreferenced(kind: SimKind, id: string): void {
    const field = kind === 'schools' ? 'schoolId' : kind === 'terms' ? 'termId' : kind === 'courses' ? 'courseId' : undefined;
    if (field === undefined) return;
    const sections = this.collections.sections.list().filter((section) => section[field] === id).length;
    const users = kind === 'schools' ? this.collections.users.list().filter((user) => user.schoolIds.includes(id)).length : 0;
    if (sections + users > 0) {
      throw new SimMutationError(
        'conflict',
        `${kind} ${id} is still used by ${sections} active section(s) and ${users} active user(s); delete or move those first`,
      );
    }
  }

  private requireActive<K extends SimKind>(kind: K, id: string): SimRecordByKind[K] {
    this.assertKind(kind);
    const record = this.collection(kind).get(id);
    if (!record) throw new SimMutationError('not_found', `no ${kind} record with id ${id}`);
    if (record.status !== 'active') throw new SimMutationError('not_found', `${kind} ${id} is deleted`);
    return record;
  }

  private assertKind(kind: unknown): asserts kind is SimKind {
    if (!isSimKind(kind))
      throw new SimMutationError('invalid', `unknown record kind ${JSON.stringify(kind)}; expected schools, terms, courses, users or sections`);
  }

  private collection<K extends SimKind>(kind: K): SortedRecords<SimRecordByKind[K]> {
    this.assertKind(kind);
    return this.collections[kind] as SortedRecords<SimRecordByKind[K]>;
  }

  private enrollmentLedger(): EnrollmentLedger {
    this.ledger ??= new EnrollmentLedger(this.collections.sections.list(true));
    return this.ledger;
  }
}

function withoutMember(section: SimSection, userId: string, at: string): SimSection {
  return {
    ...section,
    teacherIds: section.teacherIds.filter((id) => id !== userId),
    studentIds: section.studentIds.filter((id) => id !== userId),
    lastModified: at,
  };
}
