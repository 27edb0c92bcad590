import { z } from 'zod';
import type { SimKind, SimRecordByKind } from './model.js';

/**
 * Runtime shapes of the district records, checked on every mutation so a bad control request
 * fails with a readable 400 instead of corrupting what both simulators serve. Strict objects:
 * a misspelt patch key is an error, not a silently ignored field. Each schema is tied to its
 * model.ts interface by the `z.ZodType<...>` annotation, so the two cannot drift apart.
 */

const id = z.string().regex(/^[0-9a-f]{24}$/, 'must be 24 lowercase hex characters');
const isoInstant = z.iso.datetime();
const calendarDate = z.iso.date();
const grade = z.enum(['IT', 'PR', 'PK', 'TK', 'KG', '01', '02', '03', '04', '05', '06', '07', '08', '09', '10', '11', '12', '13', 'PS', 'UG', 'Other']);

const meta = {
  id,
  created: isoInstant,
  lastModified: isoInstant,
  status: z.enum(['active', 'tobedeleted']),
};

const school: z.ZodType<SimRecordByKind['schools']> = z.strictObject({
  ...meta,
  name: z.string().min(1),
  schoolNumber: z.string(),
  level: z.enum(['elementary', 'middle', 'high']),
  lowGrade: grade,
  highGrade: grade,
});

const term: z.ZodType<SimRecordByKind['terms']> = z.strictObject({
  ...meta,
  name: z.string().min(1),
  startDate: calendarDate,
  endDate: calendarDate,
});

const course: z.ZodType<SimRecordByKind['courses']> = z.strictObject({
  ...meta,
  name: z.string().min(1),
  number: z.string(),
  subject: z.string(),
});

const user: z.ZodType<SimRecordByKind['users']> = z.strictObject({
  ...meta,
  name: z.strictObject({ first: z.string().min(1), middle: z.string().optional(), last: z.string().min(1) }),
  roles: z.array(z.enum(['student', 'teacher', 'staff', 'district_admin', 'contact'])).min(1),
  schoolIds: z.array(id),
  email: z.string().optional(),
  username: z.string().optional(),
  student: z
    .strictObject({
      studentNumber: z.string(),
      stateId: z.string(),
      grade,
      dob: z.string().regex(/^\d\d\/\d\d\/\d{4}$/, 'must be MM/DD/YYYY'),
      gender: z.enum(['M', 'F', 'X', '']),
      graduationYear: z.string(),
    })
    .optional(),
  teacher: z.strictObject({ teacherNumber: z.string(), title: z.string() }).optional(),
  staff: z.strictObject({ staffId: z.string(), title: z.string(), department: z.string() }).optional(),
  contact: z
    .strictObject({
      studentIds: z.array(id),
      relationship: z.enum(['Parent', 'Grandparent', 'Aunt/Uncle', 'Sibling', 'Other']),
      phone: z.string(),
    })
    .optional(),
});

const section: z.ZodType<SimRecordByKind['sections']> = z.strictObject({
  ...meta,
  name: z.string().min(1),
  schoolId: id,
  courseId: id,
  termId: id,
  period: z.string(),
  subject: z.string(),
  grade,
  teacherIds: z.array(id),
  studentIds: z.array(id),
});

const schemas: { [K in SimKind]: z.ZodType<SimRecordByKind[K]> } = {
  schools: school,
  terms: term,
  courses: course,
  users: user,
  sections: section,
};

export function isSimKind(kind: unknown): kind is SimKind {
  return typeof kind === 'string' && Object.hasOwn(schemas, kind);
}

/** The record if it has the shape of `kind`, otherwise the list of problems, one per line. */
export function checkRecordShape<K extends SimKind>(kind: K, candidate: unknown): { ok: true; record: SimRecordByKind[K] } | { ok: false; problems: string } {
  const parsed = schemas[kind].safeParse(candidate);
  if (parsed.success) return { ok: true, record: parsed.data };
  const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(record)'}: ${issue.message}`).join('; ');
  return { ok: false, problems };
}
