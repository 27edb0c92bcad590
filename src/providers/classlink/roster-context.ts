import { hash } from 'node:crypto';
import type { OneRosterApi } from './oneroster-api.js';

/**
 * What a 1.1 user or class record cannot say alone, read from the same server before users
 * and classes are staged:
 * - the type of every org (a user's `orgs` mixes the district org and school orgs, and
 *   "administrator with the district org" is how 1.1 marks a district administrator);
 * - active teacher enrollments, in server order (1.1 classes do not list their teachers, and
 *   a teaching administrator's `role` stays 'administrator').
 */
export interface RosterContext {
  orgTypes: ReadonlyMap<string, string>;
  teachersByClass: ReadonlyMap<string, { userSourcedId: string; primary: boolean }[]>;
  teachingUserIds: ReadonlySet<string>;
  /** Hash of all of the above: part of the digest of every users and classes page resolved with it. */
  fingerprint: string;
}

interface RefLike {
  sourcedId?: unknown;
}

const idOf = (ref: unknown) =>
  ref !== null && typeof ref === 'object' && typeof (ref as RefLike).sourcedId === 'string' ? ((ref as RefLike).sourcedId as string) : undefined;
const isTrue = (value: unknown) => value === true || (typeof value === 'string' && value.toLowerCase() === 'true');

async function readAll(api: OneRosterApi, route: string, plural: string, pageSize: number, filter: string | undefined, signal?: AbortSignal) {
  const all: unknown[] = [];
  for (let offset = 0; ;) {
    const page = await api.getList(route, plural, { limit: String(pageSize), offset: String(offset), filter }, signal);
    for (const record of page.records) all.push(record);
    offset += page.records.length;
    const more = page.totalCount !== undefined ? offset < page.totalCount : page.hasNextLink;
    if (!more || page.records.length === 0) return all;
  }
}

/**
 * Builds the context from `/orgs` and teacher `/enrollments` records (pure; tests feed recorded payloads).
 * @internal exported for its tests as well
 */
export function rosterContextFrom(orgs: readonly unknown[], enrollments: readonly unknown[]): RosterContext {
  const orgTypes = new Map<string, string>();
  for (const org of orgs as Record<string, unknown>[]) {
    if (org && typeof org.sourcedId === 'string' && typeof org.type === 'string') orgTypes.set(org.sourcedId, org.type);
  }
  const teachersByClass = new Map<string, { userSourcedId: string; primary: boolean }[]>();
  const teachingUserIds = new Set<string>();
  for (const enrollment of enrollments as Record<string, unknown>[]) {
    const classId = idOf(enrollment?.class);
    const userId = idOf(enrollment?.user);
    if (!enrollment || enrollment.status === 'tobedeleted' || enrollment.role !== 'teacher' || !classId || !userId) continue;
    const list = teachersByClass.get(classId) ?? [];
    list.push({ userSourcedId: userId, primary: isTrue(enrollment.primary) });
    teachersByClass.set(classId, list);
    teachingUserIds.add(userId);
  }
  const fingerprint = hash('sha256', JSON.stringify([[...orgTypes], [...teachersByClass]]), 'base64url');
  return { orgTypes, teachersByClass, teachingUserIds, fingerprint };
}

export async function loadRosterContext(api: OneRosterApi, pageSize: number, signal?: AbortSignal): Promise<RosterContext> {
  const orgs = await readAll(api, '/orgs', 'orgs', pageSize, undefined, signal);
  const teacherEnrollments = await readAll(api, '/enrollments', 'enrollments', pageSize, "role='teacher'", signal);
  return rosterContextFrom(orgs, teacherEnrollments);
}

/** The staged form of a user record (see ResolvedUserPayload in schemas.ts). */
export function resolveUser(user: unknown, context: RosterContext) {
  const orgs = user !== null && typeof user === 'object' && Array.isArray((user as { orgs?: unknown }).orgs) ? (user as { orgs: unknown[] }).orgs : [];
  const orgTypes: Record<string, string> = {};
  for (const org of orgs) {
    const id = idOf(org);
    const type = id === undefined ? undefined : context.orgTypes.get(id);
    if (id !== undefined && type !== undefined) orgTypes[id] = type;
  }
  const id = idOf(user);
  return { user, orgTypes, teaches: id !== undefined && context.teachingUserIds.has(id) };
}

/** The staged form of a class record (see ResolvedClassPayload in schemas.ts). */
export function resolveClass(oneRosterClass: unknown, context: RosterContext) {
  const id = idOf(oneRosterClass);
  return { class: oneRosterClass, teachers: (id !== undefined && context.teachersByClass.get(id)) || [] };
}
