import { z } from 'zod';

/**
 * zod schemas for Clever Data API v3.0 and Events API payloads, transcribed from the official
 * Swagger 2.0 definitions (sim/clever/spec/v3.0.yml, v3.0-events.yml). They accept everything
 * the definitions allow and reject only what they forbid:
 * - no property is required (the definitions list none, except an event's `type`);
 * - `x-nullable: true` fields accept `null`; other fields accept only their declared type;
 * - enums are the declared values, which include `""`;
 * - unknown properties pass through (no definition sets `additionalProperties: false`);
 * - `format: datetime` and `x-validation` are not enforced.
 */
const str = z.string().optional();
const nullableStr = z.string().nullable().optional();
const strList = z.array(z.string()).optional();
const looseObject = z.looseObject({}).optional();

const CLEVER_GRADES = [
  'InfantToddler',
  'Preschool',
  'PreKindergarten',
  'TransitionalKindergarten',
  'Kindergarten',
  '1',
  '2',
  '3',
  '4',
  '5',
  '6',
  '7',
  '8',
  '9',
  '10',
  '11',
  '12',
  '13',
  'PostGraduate',
  'Ungraded',
  'Other',
  '',
] as const;
const grade = z.enum(CLEVER_GRADES).nullable().optional();

const CLEVER_SECTION_SUBJECTS = [
  'english/language arts',
  'math',
  'science',
  'social studies',
  'language',
  'homeroom/advisory',
  'interventions/online learning',
  'technology and engineering',
  'PE and health',
  'arts and music',
  'other',
  '',
] as const;

const nullableEnum = <const T extends readonly [string, ...string[]]>(values: T) => z.enum(values).nullable().optional();

const nameSchema = z.looseObject({ first: nullableStr, middle: nullableStr, last: nullableStr });
const credentials = z.looseObject({ district_username: str });
const location = z.looseObject({ address: nullableStr, city: nullableStr, state: nullableStr, zip: nullableStr, lat: nullableStr, lon: nullableStr });
const schoolEnrollment = z.looseObject({ school: str, start_date: str, end_date: str });

const studentSchema = z.looseObject({
  created: str,
  credentials: credentials.optional(),
  dob: z
    .string()
    .regex(/(?:[0-9]{1,2})\/([0-9]{1,2})\/([0-9]{4})/)
    .nullable()
    .optional(),
  ell_status: nullableEnum(['Y', 'N', '']),
  enrollments: z.array(schoolEnrollment).optional(),
  ext: looseObject,
  gender: nullableEnum(['M', 'F', 'X', '']),
  grade,
  graduation_year: nullableStr,
  hispanic_ethnicity: nullableEnum(['Y', 'N', '']),
  last_modified: str,
  legacy_id: str,
  location: location.nullable().optional(),
  race: nullableEnum([
    'Caucasian',
    'Asian',
    'Black or African American',
    'American Indian',
    'Hawaiian or Other Pacific Islander',
    'Two or More Races',
    'Unknown',
    '',
  ]),
  school: str,
  schools: strList,
  sis_id: str,
  state_id: nullableStr,
  student_number: nullableStr,
});

const teacherSchema = z.looseObject({
  created: str,
  credentials: credentials.nullable().optional(),
  district: str,
  ext: looseObject,
  last_modified: str,
  legacy_id: str,
  name: nameSchema.optional(),
  school: str,
  schools: strList,
  sis_id: str,
  state_id: nullableStr,
  teacher_number: nullableStr,
  title: nullableStr,
});

const staffSchema = z.looseObject({
  credentials: credentials.optional(),
  department: nullableStr,
  ext: looseObject,
  legacy_id: str,
  roles: strList,
  schools: strList,
  staff_id: str,
  title: nullableStr,
});

const districtAdminSchema = z.looseObject({ legacy_id: str, title: nullableStr });

const studentRelationship = z.looseObject({
  relationship: nullableEnum(['Parent', 'Grandparent', 'Self', 'Aunt/Uncle', 'Sibling', 'Other', '']),
  student: str,
  type: nullableEnum(['Parent/Guardian', 'Emergency', 'Primary', 'Secondary', 'Family', 'Other', '']),
});

const contactSchema = z.looseObject({
  legacy_id: str,
  phone: nullableStr,
  phone_type: nullableEnum(['Cell', 'Home', 'Work', 'Other', '']),
  sis_id: nullableStr,
  student_relationships: z.array(studentRelationship).optional(),
});

export const userSchema = z.looseObject({
  created: str,
  district: str,
  email: nullableStr,
  id: str,
  last_modified: str,
  name: nameSchema.optional(),
  roles: z
    .looseObject({
      contact: contactSchema.nullable().optional(),
      district_admin: districtAdminSchema.nullable().optional(),
      staff: staffSchema.nullable().optional(),
      student: studentSchema.nullable().optional(),
      teacher: teacherSchema.nullable().optional(),
    })
    .optional(),
});

export const schoolSchema = z.looseObject({
  created: str,
  district: str,
  ext: looseObject,
  high_grade: grade,
  id: str,
  last_modified: str,
  location: location.nullable().optional(),
  low_grade: grade,
  mdr_number: nullableStr,
  name: str,
  nces_id: nullableStr,
  phone: nullableStr,
  principal: z.looseObject({ email: nullableStr, name: nullableStr }).optional(),
  school_number: str,
  sis_id: str,
  state_id: nullableStr,
});

export const termSchema = z.looseObject({ district: str, end_date: nullableStr, id: str, name: nullableStr, start_date: nullableStr });

export const courseSchema = z.looseObject({ district: str, id: str, name: nullableStr, number: nullableStr });

export const sectionSchema = z.looseObject({
  course: nullableStr,
  created: str,
  district: str,
  ext: looseObject,
  grade,
  id: str,
  last_modified: str,
  name: str,
  period: nullableStr,
  school: str,
  section_number: nullableStr,
  sis_id: str,
  students: strList,
  subject: nullableEnum(CLEVER_SECTION_SUBJECTS),
  teacher: nullableStr,
  teachers: strList,
  term_id: nullableStr,
});

export type CleverUser = z.infer<typeof userSchema>;
export type CleverSection = z.infer<typeof sectionSchema>;

/** `Link` and the collection envelope shared by every `*sResponse` definition. */
const linkSchema = z.looseObject({ rel: z.enum(['next', 'prev', 'self']).optional(), uri: str });
export const collectionSchema = z.looseObject({
  data: z.array(z.looseObject({ data: z.unknown() })).optional(),
  links: z.array(linkSchema).optional(),
});

/** `Event` (discriminated by `type`, the only required property) and its `*Object` payload. */
export const eventSchema = z.looseObject({
  created: str,
  id: str,
  type: z.string(),
  data: z.looseObject({ object: z.unknown().optional(), previous_attributes: z.unknown().optional() }).optional(),
  previous_attributes: z.unknown().optional(),
});
export type CleverEvent = z.infer<typeof eventSchema>;
