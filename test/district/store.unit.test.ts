import { describe, expect, it } from 'vitest';
import { enrollmentIdOf } from '../../sim/district/enrollment-ledger.js';
import { isSimMutationError } from '../../sim/district/mutation-error.js';
import { generateDistrict } from '../../sim/district/generator.js';
import { createDistrictStore } from '../../sim/district/store.js';
import { hexId, ids, T0, tinyDistrict } from './tiny-district.js';

/** A clock the test advances by hand, one minute per mutation. */
function steppingClock(start = Date.parse('2026-02-01T00:00:00.000Z')) {
  let now = start;
  return { now: () => new Date((now += 60_000)) };
}

function reasonOf(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    return isSimMutationError(error) ? error.reason : 'not a SimMutationError';
  }
  return undefined;
}

describe('district store', () => {
  it('lists every kind ascending by id', () => {
    const store = createDistrictStore(tinyDistrict());
    const userIds = store.list('users').map((user) => user.id);
    expect(userIds).toEqual([...userIds].sort());
    expect(store.list('schools').map((school) => school.id)).toEqual([ids.school, ids.otherSchool]);
    expect(store.get('users', ids.teacher)?.name.last).toBe("O'Brien");
    expect(store.get('users', hexId('7', 7))).toBeUndefined();
  });

  it('derives enrollments from sections with deterministic ids and a primary teacher', () => {
    const store = createDistrictStore(tinyDistrict());
    const enrollments = store.enrollments();
    expect(enrollments).toHaveLength(4);
    expect(enrollments.map((e) => e.id)).toEqual([...enrollments.map((e) => e.id)].sort());
    const teacher = enrollments.find((e) => e.userId === ids.teacher);
    expect(teacher).toMatchObject({ id: enrollmentIdOf(ids.section, ids.teacher), role: 'teacher', primary: true, schoolId: ids.school, created: T0 });
    expect(teacher?.id).toMatch(/^[0-9a-f]{24}$/);
    expect(enrollments.filter((e) => e.role === 'student').every((e) => !e.primary)).toBe(true);
  });

  it('enroll and unenroll update the section, emit updates with previous, and keep enrollment tombstones', () => {
    const store = createDistrictStore(tinyDistrict(), steppingClock());
    const enrolled = store.mutate({ op: 'enroll', sectionId: ids.section, userId: ids.coTeacher, role: 'teacher' });
    expect(enrolled).toHaveLength(1);
    expect(enrolled[0]).toMatchObject({ seq: 1, kind: 'sections', type: 'updated', at: '2026-02-01T00:01:00.000Z' });
    expect(enrolled[0]?.previous).toMatchObject({ teacherIds: [ids.teacher] });
    expect(store.get('sections', ids.section)?.teacherIds).toEqual([ids.teacher, ids.coTeacher]);
    expect(store.get('sections', ids.section)?.lastModified).toBe('2026-02-01T00:01:00.000Z');
    const coTeaching = store.enrollments().find((e) => e.userId === ids.coTeacher && e.sectionId === ids.section);
    expect(coTeaching).toMatchObject({ primary: false, role: 'teacher', status: 'active' });

    // Removing the primary teacher promotes the co-teacher and tombstones the old enrollment.
    store.mutate({ op: 'unenroll', sectionId: ids.section, userId: ids.teacher });
    const all = store.enrollments({ includeDeleted: true });
    expect(all.find((e) => e.userId === ids.teacher && e.sectionId === ids.section)).toMatchObject({
      status: 'tobedeleted',
      lastModified: '2026-02-01T00:02:00.000Z',
    });
    expect(store.enrollments().find((e) => e.userId === ids.coTeacher && e.sectionId === ids.section)?.primary).toBe(true);
    expect(store.enrollments().some((e) => e.userId === ids.teacher)).toBe(false);

    // Re-enrolling revives the same id.
    store.mutate({ op: 'enroll', sectionId: ids.section, userId: ids.teacher, role: 'teacher' });
    expect(store.enrollments().find((e) => e.userId === ids.teacher)?.id).toBe(enrollmentIdOf(ids.section, ids.teacher));
    expect(store.mutate({ op: 'enroll', sectionId: ids.section, userId: ids.teacher, role: 'teacher' })).toEqual([]);
  });

  it('creates, updates and deletes records with tombstones and increasing seqs', () => {
    const store = createDistrictStore(tinyDistrict(), steppingClock());
    const newId = hexId('e', 0x99);
    const created = store.mutate({
      op: 'create',
      kind: 'users',
      record: { id: newId, name: { first: 'Zoë', last: 'Núñez' }, roles: ['student'], schoolIds: [ids.school] },
    });
    expect(created).toMatchObject([{ seq: 1, type: 'created', kind: 'users', record: { id: newId, status: 'active' } }]);
    const updated = store.mutate({ op: 'update', kind: 'users', id: newId, patch: { name: { first: 'Zoe' }, email: 'zoe@tiny.k12.example' } });
    expect(updated[0]).toMatchObject({ seq: 2, type: 'updated', record: { name: { first: 'Zoe', last: 'Núñez' } }, previous: { name: { first: 'Zoë' } } });
    expect(store.mutate({ op: 'update', kind: 'users', id: newId, patch: { email: 'zoe@tiny.k12.example' } })).toEqual([]);
    store.mutate({ op: 'update', kind: 'users', id: newId, patch: { email: null } });
    expect(store.get('users', newId)?.email).toBeUndefined();
    expect('email' in (store.get('users', newId) ?? {})).toBe(false);

    const deleted = store.mutate({ op: 'delete', kind: 'users', id: newId });
    expect(deleted.at(-1)).toMatchObject({ type: 'deleted', record: { id: newId, status: 'tobedeleted' } });
    expect(store.list('users').some((user) => user.id === newId)).toBe(false);
    expect(store.list('users', { includeDeleted: true }).some((user) => user.id === newId)).toBe(true);
    expect(store.changesAfter(0, 100).map((change) => change.seq)).toEqual([1, 2, 3, 4]);
    expect(store.changesAfter(2, 1).map((change) => change.seq)).toEqual([3]);
    expect(store.latestSeq()).toBe(4);
  });

  it('deleting a user removes them from sections and contacts and tombstones their enrollments', () => {
    const store = createDistrictStore(tinyDistrict(), steppingClock());
    const changes = store.mutate({ op: 'delete', kind: 'users', id: ids.student1 });
    expect(changes.map((c) => `${c.kind}:${c.type}`)).toEqual(['sections:updated', 'users:updated', 'users:deleted']);
    expect(store.get('sections', ids.section)?.studentIds).toEqual([ids.student2]);
    expect(store.get('users', ids.contact)?.contact?.studentIds).toEqual([ids.student2]);
    expect(store.enrollments({ includeDeleted: true }).find((e) => e.userId === ids.student1)?.status).toBe('tobedeleted');
  });

  it('deleting a section tombstones all its enrollments; a used school cannot be deleted', () => {
    const store = createDistrictStore(tinyDistrict(), steppingClock());
    store.mutate({ op: 'delete', kind: 'sections', id: ids.section });
    expect(store.enrollments().filter((e) => e.sectionId === ids.section)).toEqual([]);
    expect(store.enrollments({ includeDeleted: true }).filter((e) => e.sectionId === ids.section)).toHaveLength(3);
    expect(reasonOf(() => store.mutate({ op: 'delete', kind: 'schools', id: ids.school }))).toBe('conflict');
    expect(store.mutate({ op: 'delete', kind: 'schools', id: ids.otherSchool })).toHaveLength(1);
  });

  it('rejects bad mutations with a reason and a readable message', () => {
    const store = createDistrictStore(tinyDistrict(), steppingClock());
    expect(reasonOf(() => store.mutate({ op: 'update', kind: 'users', id: hexId('7', 7), patch: {} }))).toBe('not_found');
    expect(reasonOf(() => store.mutate({ op: 'delete', kind: 'widgets' as never, id: ids.school }))).toBe('invalid');
    expect(reasonOf(() => store.mutate({ op: 'update', kind: 'users', id: ids.student1, patch: { status: 'tobedeleted' } }))).toBe('invalid');
    expect(reasonOf(() => store.mutate({ op: 'update', kind: 'users', id: ids.student1, patch: { nmae: 'x' } }))).toBe('invalid');
    expect(reasonOf(() => store.mutate({ op: 'update', kind: 'sections', id: ids.section, patch: { termId: hexId('7', 7) } }))).toBe('invalid');
    expect(() => store.mutate({ op: 'update', kind: 'sections', id: ids.section, patch: { studentIds: [ids.teacher] } })).toThrow(
      /does not have the student role/,
    );
    expect(reasonOf(() => store.mutate({ op: 'enroll', sectionId: ids.section, userId: ids.student3, role: 'teacher' }))).toBe('invalid');
    expect(reasonOf(() => store.mutate({ op: 'enroll', sectionId: ids.section, userId: ids.student1, role: 'teacher' }))).toBe('invalid');
    expect(reasonOf(() => store.mutate({ op: 'unenroll', sectionId: ids.emptySection, userId: ids.student1 }))).toBe('not_found');
    expect(reasonOf(() => store.mutate({ op: 'create', kind: 'schools', record: { id: ids.school } as never }))).toBe('conflict');
    expect(reasonOf(() => store.mutate({ op: 'create', kind: 'schools', record: { id: 'nothex' } as never }))).toBe('invalid');
    expect(() => store.mutate({ op: 'update', kind: 'users', id: ids.student1, patch: { nmae: 'x' } })).toThrow(/nmae/);
    expect(() => store.list('widgets' as never)).toThrow(/unknown record kind/);
    expect(store.latestSeq()).toBe(0);
  });

  it('expires changes older than the retention window', () => {
    let now = Date.parse('2026-03-01T00:00:00.000Z');
    const store = createDistrictStore(tinyDistrict(), { now: () => new Date(now) });
    store.mutate({ op: 'update', kind: 'users', id: ids.student1, patch: { email: 'a@tiny.k12.example' } });
    now += 20 * 86_400_000;
    store.mutate({ op: 'update', kind: 'users', id: ids.student2, patch: { email: 'b@tiny.k12.example' } });
    expect(store.oldestRetainedSeq()).toBe(1);
    store.expireChanges(new Date(now + 15 * 86_400_000));
    expect(store.oldestRetainedSeq()).toBe(2);
    expect(store.changesAfter(0, 10).map((c) => c.seq)).toEqual([2]);
    store.expireChanges(new Date(now), 0);
    expect(store.oldestRetainedSeq()).toBe(2);
    store.expireChanges(new Date(now + 1), 0);
    expect(store.oldestRetainedSeq()).toBeUndefined();
    expect(store.changesAfter(0, 10)).toEqual([]);
    expect(store.latestSeq()).toBe(2);
  });

  it('serves a generated district: the sorted list holds every user once, enrollments mirror section members', () => {
    const district = generateDistrict({ seed: 3, students: 300, today: new Date('2026-11-24T00:00:00Z') });
    const store = createDistrictStore(district);
    expect(store.list('users').map((user) => user.id)).toEqual(district.users.map((user) => user.id).sort());
    const members = district.sections.flatMap((section) => [...section.teacherIds, ...section.studentIds].map((userId) => enrollmentIdOf(section.id, userId)));
    expect(store.enrollments().map((enrollment) => enrollment.id)).toEqual([...members].sort());
  });
});
