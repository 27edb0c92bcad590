import type { SimDistrict, SimSection, SimUser } from '../../sim/district/model.js';

/** A hand-written district small enough to reason about in a store test. */
export const T0 = '2026-01-05T08:00:00.000Z';

export function hexId(prefix: string, n: number): string {
  return (prefix + n.toString(16)).padStart(24, '0');
}

const meta = (id: string) => ({ id, created: T0, lastModified: T0, status: 'active' as const });

export const ids = {
  school: hexId('a', 1),
  otherSchool: hexId('a', 2),
  term: hexId('b', 1),
  course: hexId('c', 1),
  teacher: hexId('d', 1),
  coTeacher: hexId('d', 2),
  student1: hexId('e', 1),
  student2: hexId('e', 2),
  student3: hexId('e', 3),
  contact: hexId('f', 1),
  section: hexId('9', 1),
  emptySection: hexId('9', 2),
};

function student(id: string, first: string): SimUser {
  return {
    ...meta(id),
    name: { first, last: 'Student' },
    roles: ['student'],
    schoolIds: [ids.school],
    student: { studentNumber: id.slice(-4), stateId: id.slice(-6), grade: '03', dob: '01/02/2017', gender: 'X', graduationYear: '2035' },
  };
}

function section(id: string, teacherIds: string[], studentIds: string[]): SimSection {
  return {
    ...meta(id),
    name: 'Math 3',
    schoolId: ids.school,
    courseId: ids.course,
    termId: ids.term,
    period: '1',
    subject: 'math',
    grade: '03',
    teacherIds,
    studentIds,
  };
}

export function tinyDistrict(): SimDistrict {
  return {
    district: { id: hexId('0', 1), name: 'Tiny USD', emailDomain: 'tiny.k12.example' },
    schools: [
      { ...meta(ids.otherSchool), name: 'Other Elementary', schoolNumber: '102', level: 'elementary', lowGrade: 'KG', highGrade: '05' },
      { ...meta(ids.school), name: 'Tiny Elementary', schoolNumber: '101', level: 'elementary', lowGrade: 'KG', highGrade: '05' },
    ],
    terms: [{ ...meta(ids.term), name: 'Fall', startDate: '2025-08-15', endDate: '2026-06-10' }],
    courses: [{ ...meta(ids.course), name: 'Math 3', number: 'M3', subject: 'math' }],
    users: [
      student(ids.student3, 'Cleo'),
      student(ids.student1, 'Ana'),
      student(ids.student2, 'Ben'),
      {
        ...meta(ids.teacher),
        name: { first: 'Tess', last: "O'Brien" },
        roles: ['teacher'],
        schoolIds: [ids.school],
        email: 'tess@tiny.k12.example',
        teacher: { teacherNumber: 'T1', title: 'Ms.' },
      },
      {
        ...meta(ids.coTeacher),
        name: { first: 'Cole', last: 'Smith-Jones' },
        roles: ['teacher'],
        schoolIds: [ids.school],
        teacher: { teacherNumber: 'T2', title: 'Mr.' },
      },
      {
        ...meta(ids.contact),
        name: { first: 'Pat', last: 'Parent' },
        roles: ['contact'],
        schoolIds: [],
        contact: { studentIds: [ids.student1, ids.student2], relationship: 'Parent', phone: '555-0100' },
      },
    ],
    sections: [section(ids.section, [ids.teacher], [ids.student1, ids.student2]), section(ids.emptySection, [ids.coTeacher], [])],
  };
}
