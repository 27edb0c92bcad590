import { z } from 'zod';

/**
 * zod shapes of OneRoster 1.1 payloads as ClassLink serves them. Tolerant by design: servers
 * send `null`, empty strings and vendor extensions freely, and 1.1 JSON writes booleans as
 * 'true'/'false' strings. Strict only where the spec leaves no room: every record has a
 * string `sourcedId`, references carry one, and list envelopes are arrays.
 */

const text = z.string().nullish();
const textList = z.array(z.string()).nullish();

/** 1.1 JSON binding booleans: 'true'/'false' strings (some servers send real booleans). */
const booleanish = z
  .union([z.boolean(), z.enum(['true', 'false', 'TRUE', 'FALSE', 'True', 'False'])])
  .nullish()
  .transform((value) => (value === null || value === undefined ? undefined : value === true || String(value).toLowerCase() === 'true'));

const guidRefSchema = z.looseObject({ sourcedId: z.string().min(1), href: text, type: text });

const base = {
  sourcedId: z.string().min(1),
  /** 'active' | 'tobedeleted' (1.1 §4.13.8); kept open so an unknown status is an error per record, not per page. */
  status: text,
  dateLastModified: text,
};

export const orgSchema = z.looseObject({ ...base, name: text, type: text, identifier: text, parent: guidRefSchema.nullish() });

export const academicSessionSchema = z.looseObject({ ...base, title: text, type: text, startDate: text, endDate: text, schoolYear: text });

export const courseSchema = z.looseObject({ ...base, title: text, courseCode: text, subjects: textList, org: guidRefSchema.nullish() });

export const classSchema = z.looseObject({
  ...base,
  title: text,
  classCode: text,
  classType: text,
  course: guidRefSchema.nullish(),
  school: guidRefSchema.nullish(),
  terms: z.array(guidRefSchema).nullish(),
  periods: textList,
  subjects: textList,
  grades: textList,
});

export const userSchema = z.looseObject({
  ...base,
  username: text,
  enabledUser: booleanish,
  givenName: text,
  familyName: text,
  middleName: text,
  role: text,
  identifier: text,
  email: text,
  orgs: z.array(guidRefSchema).nullish(),
  grades: textList,
});

export const enrollmentSchema = z.looseObject({
  ...base,
  user: guidRefSchema.nullish(),
  class: guidRefSchema.nullish(),
  school: guidRefSchema.nullish(),
  role: text,
  primary: booleanish,
});

/**
 * A user page record as the client stages it: the raw 1.1 user plus what the same server
 * said about it elsewhere, because one 1.1 user record cannot say it alone: which of its
 * orgs are schools vs the district (`orgTypes`), and whether it teaches any class (a district
 * administrator who teaches has role `administrator` but teacher enrollments).
 */
export const resolvedUserSchema = z.looseObject({
  user: z.unknown(),
  orgTypes: z.record(z.string(), z.string()),
  teaches: z.boolean(),
});

/**
 * A class page record as staged: the raw 1.1 class plus its active teacher enrollments in
 * server order, because 1.1 classes do not list their teachers.
 */
export const resolvedClassSchema = z.looseObject({
  class: z.unknown(),
  teachers: z.array(z.looseObject({ userSourcedId: z.string(), primary: z.boolean() })),
});

/** A list response: `{ <plural>: [ …records ] }` (REST binding §4). Records stay unknown until transform. */
export function listEnvelopeSchema(plural: string) {
  return z.looseObject({ [plural]: z.array(z.unknown()) });
}
