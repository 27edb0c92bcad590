import { describe, expect, it } from 'vitest';
import { transformCleverEvent } from '../../src/providers/clever/event-transform.js';
import { transformCleverPage } from '../../src/providers/clever/transform.js';
import { cleverValidators } from './clever-spec.js';
import { samplePayload } from './spec-payloads.js';

const spec = cleverValidators();
const ROLE_OBJECTS = new Set(['student', 'teacher', 'staff', 'district_admin', 'contact']);
const KINDS = [
  ['users', 'User'],
  ['sections', 'Section'],
  ['schools', 'School'],
  ['terms', 'Term'],
  ['courses', 'Course'],
] as const;

describe('payloads generated from the official definitions', () => {
  it.each(KINDS)('%s: a fully filled %s with unknown extras is spec-valid and transforms cleanly', (kind, definition) => {
    const payload = samplePayload(spec.data, definition, { mode: 'filled' });
    expect(spec.validate('v3.0.yml', definition, payload)).toEqual([]);
    const batch = transformCleverPage(kind, [payload]);
    expect(batch.errors).toEqual([]);
    expect(batch[kind]).toHaveLength(1);
  });

  it.each(KINDS)('%s: every nullable field of %s null is spec-valid and never throws or fails the schema', (kind, definition) => {
    const payload = samplePayload(spec.data, definition, { mode: 'nulls' });
    expect(spec.validate('v3.0.yml', definition, payload)).toEqual([]);
    const batch = transformCleverPage(kind, [payload]);
    for (const error of batch.errors) expect(error.message).not.toMatch(/violates the Clever definition/);
  });

  it('a user whose roles are all null holds no canonical role: skipped, not an error', () => {
    const batch = transformCleverPage('users', [samplePayload(spec.data, 'User', { mode: 'nulls' })]);
    expect(batch).toEqual({ users: [], errors: [] });
  });

  it('unusable records become per-record errors while their neighbours transform', () => {
    const nameless = { ...(samplePayload(spec.data, 'User', { mode: 'nulls', keep: ROLE_OBJECTS }) as object), id: 'u-nameless' };
    const filled = { ...(samplePayload(spec.data, 'User', { mode: 'filled' }) as object), id: 'u-filled' };
    const users = transformCleverPage('users', [nameless, filled]);
    expect(users.errors).toEqual([{ kind: 'users', sourceId: 'u-nameless', field: 'name.first', message: 'user has no first name' }]);
    expect(users.users?.map((user) => [user.sourceId, user.roles])).toEqual([['u-filled', ['student', 'teacher', 'staff', 'administrator']]]);

    const nullTerm = { ...(samplePayload(spec.data, 'Term', { mode: 'nulls' }) as object), id: 't-null' };
    const nullCourse = { ...(samplePayload(spec.data, 'Course', { mode: 'nulls' }) as object), id: 'c-null' };
    expect(transformCleverPage('terms', [nullTerm]).errors.map((error) => error.field)).toEqual(['name']);
    expect(transformCleverPage('courses', [nullCourse]).errors.map((error) => error.field)).toEqual(['name']);
    const nullSection = transformCleverPage('sections', [samplePayload(spec.data, 'Section', { mode: 'nulls' })]);
    expect(nullSection.sections?.[0]).toMatchObject({ teacherIds: ['teachers-sample'] });
  });

  it.each([
    'users.created',
    'users.updated',
    'sections.updated',
    'schools.deleted',
    'terms.created',
    'courses.updated',
    'districts.updated',
    'resources.created',
  ])('an events-spec %s payload (nullable fields null) transforms without throwing', (type) => {
    const event = { ...(samplePayload(spec.events, 'Event', { mode: 'nulls' }) as object), id: 'e1', type };
    const objectDefinition =
      { users: 'User', sections: 'Section', schools: 'School', terms: 'Term', courses: 'Course', districts: 'District', resources: 'Resource' }[
        type.split('.')[0] ?? ''
      ] ?? 'User';
    const withObject = {
      ...event,
      data: { object: { ...(samplePayload(spec.events, objectDefinition, { mode: 'nulls', keep: ROLE_OBJECTS }) as object), id: 'r1' } },
    };
    expect(spec.validate('v3.0-events.yml', type, withObject)).toEqual([]);
    const change = transformCleverEvent(withObject);
    expect(change.eventId).toBe('e1');
    expect(['upsert', 'delete', 'ignore']).toContain(change.op);
    if (type.startsWith('districts') || type.startsWith('resources')) expect(change.op).toBe('ignore');
  });
});
