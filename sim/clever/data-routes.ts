import type { Context, Hono } from 'hono';
import type { DistrictStore, SimKind, SimSection, SimUser } from '../district/model.js';
import { renderDistrict, renderRecord } from './render.js';
import { byAscendingId, errorResponse, notFound, recordCollection, singleResponse } from './responses.js';

/**
 * Data API v3.0 routes (paths in spec/v3.0.yml): collections, single records and the
 * relationship routes a client is likely to use. Resources and contact-graph routes
 * (`/users/{id}/mycontacts` …) are not simulated.
 */
const RECORD_KINDS: readonly SimKind[] = ['schools', 'terms', 'courses', 'sections', 'users'];
const USER_ROLES = ['student', 'teacher', 'staff', 'district_admin', 'contact'] as const;

function roleFilter(c: Context, allowed: readonly string[]): { role?: string } | { error: string } {
  const role = c.req.query('role');
  if (role === undefined || role === '') return {};
  return allowed.includes(role) ? { role } : { error: `role must be one of ${allowed.join(', ')}` };
}

function withRole(users: readonly SimUser[], role: string | undefined): readonly SimUser[] {
  return role === undefined ? users : users.filter((user) => user.roles.includes(role as SimUser['roles'][number]));
}

/**
 * `/users?role=…` listings, filtered once per role and store version instead of once per page:
 * the bridge reads users role by role, and filtering 1.5M users for each of a 1M-student
 * district's thousand pages made the simulator, not the bridge, the slow part. Every mutation
 * appends to the change log, so its latest seq tells when a filtered listing went stale.
 */
function usersByRole(store: DistrictStore): (role: string | undefined) => readonly SimUser[] {
  const filtered = new Map<string, { seq: number; users: readonly SimUser[] }>();
  return (role) => {
    if (role === undefined) return store.list('users');
    const seq = store.latestSeq();
    const cached = filtered.get(role);
    if (cached?.seq === seq) return cached.users;
    const users = withRole(store.list('users'), role);
    filtered.set(role, { seq, users });
    return users;
  };
}

export function registerDataRoutes(api: Hono, store: DistrictStore): void {
  const districtId = store.info.id;
  const district = () => renderDistrict(store.info);
  const usersWithRole = usersByRole(store);

  api.get('/districts', (c) => singleList(c, [district()]));
  api.get('/districts/:id', (c) => (c.req.param('id') === districtId ? singleResponse(c, district()) : notFound(c, 'district')));

  for (const kind of RECORD_KINDS) {
    if (kind === 'users') {
      api.get('/users', (c) => {
        const filter = roleFilter(c, USER_ROLES);
        if ('error' in filter) return errorResponse(c, { status: 400, message: filter.error });
        return recordCollection(c, 'users', usersWithRole(filter.role), districtId);
      });
    } else {
      api.get(`/${kind}`, (c) => recordCollection(c, kind, store.list(kind), districtId));
    }
    api.get(`/${kind}/:id`, (c) => {
      const record = store.get(kind, c.req.param('id'));
      return record ? singleResponse(c, renderRecord(kind, record, districtId)) : notFound(c, `${kind} ${c.req.param('id')}`);
    });
    api.get(`/${kind}/:id/district`, (c) => (store.get(kind, c.req.param('id')) ? singleResponse(c, district()) : notFound(c, `${kind} ${c.req.param('id')}`)));
  }

  const sectionsWhere = (predicate: (section: SimSection) => boolean) => store.list('sections').filter(predicate);

  // Section relations.
  api.get('/sections/:id/users', (c) => {
    const section = store.get('sections', c.req.param('id'));
    if (!section) return notFound(c, `section ${c.req.param('id')}`);
    const filter = roleFilter(c, ['student', 'teacher']);
    if ('error' in filter) return errorResponse(c, { status: 400, message: filter.error });
    const ids = [...(filter.role !== 'student' ? section.teacherIds : []), ...(filter.role !== 'teacher' ? section.studentIds : [])];
    return recordCollection(c, 'users', byAscendingId(ids.map((id) => store.get('users', id))), districtId);
  });
  const sectionParent = (path: string, kind: SimKind, pick: (s: SimSection) => string) =>
    api.get(`/sections/:id/${path}`, (c) => {
      const section = store.get('sections', c.req.param('id'));
      const parent = section ? store.get(kind, pick(section)) : undefined;
      return parent ? singleResponse(c, renderRecord(kind, parent, districtId)) : notFound(c, `${path} of section ${c.req.param('id')}`);
    });
  sectionParent('school', 'schools', (s) => s.schoolId);
  sectionParent('term', 'terms', (s) => s.termId);
  sectionParent('course', 'courses', (s) => s.courseId);

  // School relations.
  api.get('/schools/:id/sections', (c) => {
    const id = c.req.param('id');
    if (!store.get('schools', id)) return notFound(c, `school ${id}`);
    return recordCollection(
      c,
      'sections',
      sectionsWhere((s) => s.schoolId === id),
      districtId,
    );
  });
  api.get('/schools/:id/users', (c) => {
    const id = c.req.param('id');
    if (!store.get('schools', id)) return notFound(c, `school ${id}`);
    const filter = roleFilter(c, ['staff', 'student', 'teacher']);
    if ('error' in filter) return errorResponse(c, { status: 400, message: filter.error });
    const primaryOnly = c.req.query('primary') === 'true';
    const users = withRole(store.list('users'), filter.role).filter((user) => (primaryOnly ? user.schoolIds[0] === id : user.schoolIds.includes(id)));
    return recordCollection(c, 'users', users, districtId);
  });
  api.get('/schools/:id/terms', (c) => {
    const id = c.req.param('id');
    if (!store.get('schools', id)) return notFound(c, `school ${id}`);
    const terms = byAscendingId(sectionsWhere((s) => s.schoolId === id).map((s) => store.get('terms', s.termId)));
    return recordCollection(c, 'terms', terms, districtId);
  });
  api.get('/schools/:id/courses', (c) => {
    const id = c.req.param('id');
    if (!store.get('schools', id)) return notFound(c, `school ${id}`);
    const courses = byAscendingId(sectionsWhere((s) => s.schoolId === id).map((s) => store.get('courses', s.courseId)));
    return recordCollection(c, 'courses', courses, districtId);
  });

  // User, term and course relations.
  api.get('/users/:id/sections', (c) => {
    const id = c.req.param('id');
    if (!store.get('users', id)) return notFound(c, `user ${id}`);
    return recordCollection(
      c,
      'sections',
      sectionsWhere((s) => s.teacherIds.includes(id) || s.studentIds.includes(id)),
      districtId,
    );
  });
  api.get('/users/:id/schools', (c) => {
    const user = store.get('users', c.req.param('id'));
    if (!user) return notFound(c, `user ${c.req.param('id')}`);
    const ids = c.req.query('primary') === 'true' ? user.schoolIds.slice(0, 1) : user.schoolIds;
    return recordCollection(c, 'schools', byAscendingId(ids.map((id) => store.get('schools', id))), districtId);
  });
  for (const [kind, field] of [
    ['terms', 'termId'],
    ['courses', 'courseId'],
  ] as const) {
    api.get(`/${kind}/:id/sections`, (c) => {
      const id = c.req.param('id');
      if (!store.get(kind, id)) return notFound(c, `${kind} ${id}`);
      return recordCollection(
        c,
        'sections',
        sectionsWhere((s) => s[field] === id),
        districtId,
      );
    });
    api.get(`/${kind}/:id/schools`, (c) => {
      const id = c.req.param('id');
      if (!store.get(kind, id)) return notFound(c, `${kind} ${id}`);
      const schools = byAscendingId(sectionsWhere((s) => s[field] === id).map((s) => store.get('schools', s.schoolId)));
      return recordCollection(c, 'schools', schools, districtId);
    });
  }

  function singleList(c: Context, objects: Record<string, unknown>[]): Response {
    const url = new URL(c.req.url);
    return c.json({ data: objects.map((data) => ({ data })), links: [{ rel: 'self', uri: `${url.pathname}${url.search}` }] });
  }
}
