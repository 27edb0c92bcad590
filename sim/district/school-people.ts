import type { DistrictPlan, SchoolPlan } from './district-plan.js';
import type { SimName, SimUser } from './model.js';
import { contactRecord, randomName, staffRecord, studentRecord, teacherRecord, type SchoolContext } from './people.js';
import { Random, streamSeed } from './prng.js';

/** Names planted on the first school's first students (see the trap list in generator.ts). */
const PLANTED_NAMES: readonly SimName[] = [
  { first: 'José', last: "O'Brien" },
  { first: 'Zoë', last: 'Smith-Jones' },
  { first: 'Олена', last: 'Коваленко' },
  { first: 'محمد', last: 'الفارسي' },
  { first: '明', last: '李' },
];

/**
 * One school's people — students, teachers, staff, contacts — from the school's own *people*
 * random stream. `teacherCount` comes from the school's timetable (teachers exist because
 * sections need them).
 */
export function buildSchoolPeople(plan: DistrictPlan, school: SchoolPlan, teacherCount: number): SimUser[] {
  const context: SchoolContext = { plan, school, random: new Random(streamSeed(plan.seed, 2, school.index)) };
  const { random } = context;
  const cross = plan.crossEnrollment;
  const hostId = (plan.schools[cross.hostSchool] as SchoolPlan).id;

  const students: SimUser[] = [];
  for (let index = 0; index < school.students; index++) {
    const name = (school.index === 0 ? PLANTED_NAMES[index] : undefined) ?? randomName(random);
    const visitsHost = school.index === cross.homeSchool && index === cross.studentIndex;
    students.push(studentRecord(context, index, name, visitsHost ? [school.id, hostId] : [school.id]));
  }
  const teachers = Array.from({ length: teacherCount }, (_, index) => teacherRecord(context, index));
  // The planted teacher-administrator: also a district admin, still teaching a homeroom.
  if (school.index === 0 && teachers[0]) teachers[0].roles = ['teacher', 'district_admin'];

  const staff = Array.from({ length: 2 + Math.floor(school.students / 150) }, (_, index) => staffRecord(context, index));
  if (school.index === 0) {
    // The planted shared mailbox: the principal and the office manager both use the front-office address.
    for (const member of staff.slice(0, 2)) member.email = `frontoffice${school.schoolNumber}@${plan.info.emailDomain}`;
  }
  const contacts = Array.from({ length: Math.ceil(students.length / 2) }, (_, index) =>
    contactRecord(context, index, students.slice(index * 2, index * 2 + 2)),
  );
  return [...students, ...teachers, ...staff, ...contacts];
}
