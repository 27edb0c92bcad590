import type { SimCourse, SimDistrictInfo, SimKind, SimRecordByKind, SimSchool, SimSection, SimTerm, SimUser } from '../district/model.js';
import { cleverGradeOf } from './grades.js';

/**
 * Renders simulated district records as Clever Data API v3.0 objects (definitions `District`,
 * `School`, `Term`, `Course`, `User`, `Section` in spec/v3.0.yml), following the cross-provider
 * contract in sim/district/model.ts. Several nullable fields are sent as `null` on purpose:
 * real districts leave them empty and the client must cope.
 */
export type CleverObject = Record<string, unknown>;

export function renderDistrict(info: SimDistrictInfo): CleverObject {
  return {
    id: info.id,
    name: info.name,
    state: 'success',
    sis_type: 'sftp',
    portal_url: `https://clever.com/in/${info.emailDomain.split('.')[0] ?? 'district'}`,
    login_methods: ['google', 'clever_badges'],
    last_sync: null,
    pause_start: null,
    pause_end: null,
    nces_id: null,
    mdr_number: null,
    launch_date: '2024-07-01',
    district_contact: {
      id: `${info.id.slice(0, 23)}c`,
      district: info.id,
      email: `it@${info.emailDomain}`,
      name: { first: 'District', middle: null, last: 'Contact' },
      title: 'IT Director',
    },
  };
}

function renderSchool(school: SimSchool, districtId: string): CleverObject {
  return {
    id: school.id,
    district: districtId,
    name: school.name,
    school_number: school.schoolNumber,
    sis_id: school.schoolNumber,
    low_grade: cleverGradeOf(school.lowGrade),
    high_grade: cleverGradeOf(school.highGrade),
    state_id: null,
    nces_id: null,
    mdr_number: null,
    phone: null,
    principal: { name: null, email: null },
    location: { address: null, city: null, state: null, zip: null, lat: null, lon: null },
    created: school.created,
    last_modified: school.lastModified,
  };
}

function renderTerm(term: SimTerm, districtId: string): CleverObject {
  return { id: term.id, district: districtId, name: term.name, start_date: term.startDate, end_date: term.endDate };
}

function renderCourse(course: SimCourse, districtId: string): CleverObject {
  return { id: course.id, district: districtId, name: course.name, number: course.number };
}

function renderSection(section: SimSection, districtId: string): CleverObject {
  return {
    id: section.id,
    district: districtId,
    school: section.schoolId,
    course: section.courseId,
    term_id: section.termId,
    name: section.name,
    period: section.period,
    subject: section.subject,
    grade: cleverGradeOf(section.grade),
    // `teacher` is the primary teacher; `teachers` lists every teacher, primary first.
    teacher: section.teacherIds[0] ?? null,
    teachers: [...section.teacherIds],
    students: [...section.studentIds],
    sis_id: section.id,
    section_number: null,
    ext: {},
    created: section.created,
    last_modified: section.lastModified,
  };
}

function renderUser(user: SimUser, districtId: string): CleverObject {
  const rendered: CleverObject = {
    id: user.id,
    district: districtId,
    name: { first: user.name.first, middle: user.name.middle ?? null, last: user.name.last },
    roles: renderRoles(user, districtId),
    created: user.created,
    last_modified: user.lastModified,
  };
  // Young students often have no address at all; Clever leaves the field out.
  if (user.email !== undefined) rendered.email = user.email;
  return rendered;
}

function renderRoles(user: SimUser, districtId: string): CleverObject {
  const roles: CleverObject = {};
  const credentials = user.username !== undefined ? { district_username: user.username } : undefined;
  const primarySchool = user.schoolIds[0];
  const schoolFields = primarySchool !== undefined ? { school: primarySchool, schools: [...user.schoolIds] } : {};
  for (const role of user.roles) {
    if (role === 'student') {
      const student = user.student;
      roles.student = {
        ...schoolFields,
        ...(credentials ? { credentials } : {}),
        legacy_id: user.id,
        student_number: student?.studentNumber ?? null,
        sis_id: student?.studentNumber ?? user.id,
        state_id: student?.stateId ?? null,
        grade: student ? cleverGradeOf(student.grade) : null,
        dob: student?.dob ?? null,
        gender: student?.gender ?? null,
        graduation_year: student?.graduationYear ?? null,
        ell_status: '',
        hispanic_ethnicity: '',
        race: null,
        location: null,
      };
    } else if (role === 'teacher') {
      roles.teacher = {
        ...schoolFields,
        credentials: credentials ?? null,
        district: districtId,
        legacy_id: user.id,
        teacher_number: user.teacher?.teacherNumber ?? null,
        sis_id: user.teacher?.teacherNumber ?? user.id,
        state_id: null,
        title: user.teacher?.title ?? null,
      };
    } else if (role === 'staff') {
      roles.staff = {
        ...(credentials ? { credentials } : {}),
        schools: [...user.schoolIds],
        legacy_id: user.id,
        staff_id: user.staff?.staffId ?? user.id,
        title: user.staff?.title ?? null,
        department: user.staff?.department ?? null,
      };
    } else if (role === 'district_admin') {
      roles.district_admin = { legacy_id: user.id, title: user.staff?.title ?? 'District Administrator' };
    } else {
      const contact = user.contact;
      roles.contact = {
        legacy_id: user.id,
        phone: contact?.phone ?? null,
        phone_type: contact ? 'Cell' : null,
        sis_id: null,
        student_relationships: (contact?.studentIds ?? []).map((student) => ({
          student,
          relationship: contact?.relationship ?? '',
          type: 'Parent/Guardian',
        })),
      };
    }
  }
  return roles;
}

export function renderRecord<K extends SimKind>(kind: K, record: SimRecordByKind[K], districtId: string): CleverObject {
  // The casts are safe: `kind` selects the record type (SimRecordByKind).
  switch (kind) {
    case 'schools':
      return renderSchool(record as SimSchool, districtId);
    case 'terms':
      return renderTerm(record as SimTerm, districtId);
    case 'courses':
      return renderCourse(record as SimCourse, districtId);
    case 'users':
      return renderUser(record as SimUser, districtId);
    case 'sections':
      return renderSection(record as SimSection, districtId);
    default:
      throw new Error(`unknown kind ${String(kind)}`);
  }
}
