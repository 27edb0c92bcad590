import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { deltaChanges } from '../../src/providers/classlink/classlink-change-feed.js';
import { resolveClass, resolveUser, rosterContextFrom } from '../../src/providers/classlink/roster-context.js';
import { transformOneRosterDelta } from '../../src/providers/classlink/transform.js';
import { SisCursorExpiredError } from '../../src/providers/errors.js';
import { createSisClient, describeCredentials, type RosterChange } from '../../src/providers/index.js';
import { recordedPayloads } from '../clever/fixtures/load.js';

/**
 * The provider facade on recorded payloads: what the engine gets back is the same canonical
 * change shape whichever SIS sent it. Nothing here reaches the network: the clients point at
 * the discard port, so an accidental request fails instead of passing.
 */
const clever = createSisClient({ kind: 'clever', baseUrl: 'http://127.0.0.1:9', credentials: { token: 'unused' } });
const classLink = createSisClient({
  kind: 'classlink',
  baseUrl: 'http://127.0.0.1:9/ims/oneroster/v1p1',
  credentials: { consumerKey: 'unused', consumerSecret: 'unused' },
});

const DAY_MS = 24 * 3600 * 1000;

function recordedClever(kind: 'users' | 'sections', id: string): Record<string, unknown> {
  const payload = recordedPayloads(kind).find((candidate) => (candidate as { id: string }).id === id);
  if (!payload) throw new Error(`no recorded Clever ${kind} ${id}`);
  return payload as Record<string, unknown>;
}

const cleverEvent = (id: string, type: string, object: unknown) => ({
  kind: type.split('.')[0]!,
  payload: { id, type, created: '2026-08-02T00:00:00.000Z', data: { object } },
});

/** Recorded OneRoster 1.1 responses (test/classlink/fixtures), staged the way the client stages them. */
function recordedOneRoster(name: string, plural: string): unknown[] {
  const body = JSON.parse(readFileSync(new URL(`../classlink/fixtures/${name}.json`, import.meta.url), 'utf8')) as Record<string, unknown[]>;
  return body[plural] ?? [];
}
const oneRosterContext = rosterContextFrom(recordedOneRoster('orgs', 'orgs'), recordedOneRoster('enrollments', 'enrollments'));

describe('Clever events → canonical changes', () => {
  it('keeps event order: upserts, a section with its complete roster, deletes; ignores what is no roster record', async () => {
    const senior = recordedClever('users', 'a10000000000000000000003');
    const algebra = recordedClever('sections', '5e0000000000000000000001');
    const contactOnly = recordedClever('users', 'e40000000000000000000001');
    const changes = await clever.readWebhookChanges([
      cleverEvent('ev1', 'users.updated', senior),
      cleverEvent('ev2', 'sections.updated', algebra),
      cleverEvent('ev3', 'users.deleted', recordedClever('users', 'a10000000000000000000001')),
      cleverEvent('ev4', 'users.updated', contactOnly),
      cleverEvent('ev5', 'districts.updated', { id: 'd00000000000000000000001' }),
      cleverEvent('ev6', 'courses.updated', {}),
    ]);

    expect(
      changes.map((change) => (change.op === 'delete' ? ['delete', change.kind, change.sourceIds] : ['upsert', change.completeEnrollmentsOf ?? null])),
    ).toEqual([
      ['upsert', null],
      ['upsert', '5e0000000000000000000001'],
      ['delete', 'users', ['a10000000000000000000001']],
      // Left with only the contact role, a person stops being a canonical user.
      ['delete', 'users', ['e40000000000000000000001']],
    ]);
    const [user, section] = changes as Extract<RosterChange, { op: 'upsert' }>[];
    expect(user!.batch).toEqual({
      users: [expect.objectContaining({ sourceId: 'a10000000000000000000003', givenName: 'Zoë', familyName: "D'Angelo" })],
      errors: [],
    });
    expect(section!.batch.sections).toEqual([expect.objectContaining({ sourceId: '5e0000000000000000000001' })]);
    expect(section!.batch.enrollments).toHaveLength(4);
    expect(section!.batch.enrollments).toContainEqual({
      sectionId: '5e0000000000000000000001',
      userId: 'a10000000000000000000002',
      role: 'student',
      primary: false,
    });
    expect(section!.batch.enrollments).toContainEqual({
      sectionId: '5e0000000000000000000001',
      userId: 'b20000000000000000000001',
      role: 'teacher',
      primary: true,
    });
  });

  it('a record that violates the Clever definition is an upsert of its error, not a silent skip', async () => {
    const broken = { ...recordedClever('users', 'a10000000000000000000002'), roles: 'student' };
    const [change, ...rest] = await clever.readWebhookChanges([cleverEvent('ev7', 'users.created', broken)]);
    expect(rest).toEqual([]);
    expect(change).toMatchObject({ op: 'upsert', batch: { errors: [expect.objectContaining({ kind: 'users', sourceId: 'a10000000000000000000002' })] } });
    expect(change?.op === 'upsert' && change.batch.users).toEqual([]);
  });

  it('refuses a "before any event" mark older than the 30-day window, neutrally, before any request', async () => {
    const since = `@${new Date(Date.now() - 31 * DAY_MS).toISOString()}`;
    const error = await clever.fetchChanges({ kind: 'users', since, cursor: null }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(SisCursorExpiredError);
    expect(error).toMatchObject({ type: 'SisCursorExpiredError', retryable: false, provider: 'clever', cursor: since });
    expect((error as Error).message).toMatch(/older than the 30-day events window$/);
  });
});

describe('OneRoster deltas → canonical changes', () => {
  it('upserts the active records of a page and deletes its tombstones, keyed like the mirror', () => {
    const users = recordedOneRoster('users', 'users').map((user) => resolveUser(user, oneRosterContext));
    const [upsert, remove, ...rest] = deltaChanges('users', transformOneRosterDelta('users', users));
    expect(rest).toEqual([]);
    expect(upsert).toMatchObject({
      op: 'upsert',
      batch: { users: expect.arrayContaining([expect.objectContaining({ sourceId: 'e00000000000000000000001' })]) },
    });
    expect(upsert?.op === 'upsert' && upsert.batch.users?.map((user) => user.sourceId)).not.toContain('e00000000000000000000007');
    expect(remove).toEqual({ op: 'delete', kind: 'users', sourceIds: ['e00000000000000000000007'] });

    const enrollments = deltaChanges('enrollments', transformOneRosterDelta('enrollments', recordedOneRoster('enrollments', 'enrollments')));
    expect(enrollments.at(-1)).toEqual({ op: 'delete', kind: 'enrollments', sourceIds: ['500000000000000000000001:e00000000000000000000007'] });

    const classes = recordedOneRoster('classes', 'classes').map((section) => resolveClass(section, oneRosterContext));
    expect(deltaChanges('sections', transformOneRosterDelta('sections', classes)).at(-1)).toEqual({
      op: 'delete',
      kind: 'sections',
      sourceIds: ['500000000000000000000009'],
    });
  });

  it('treats records the SIS no longer has (404 on a named read) as deletes, and an empty page as no change', () => {
    expect(deltaChanges('users', { batch: { users: [], errors: [] }, deleted: [] }, ['gone-1'])).toEqual([
      { op: 'delete', kind: 'users', sourceIds: ['gone-1'] },
    ]);
    expect(deltaChanges('courses', { batch: { courses: [], errors: [] }, deleted: [] })).toEqual([]);
  });
});

describe('feed layout and high-water marks', () => {
  const now = new Date('2026-03-01T10:00:00.000Z');

  it('Clever: one stream whose event id is the mark; OneRoster: a delta per kind marked by the run start', async () => {
    expect(clever.changeFeed).toBe('one-stream');
    expect(classLink.changeFeed).toBe('per-kind');
    expect(clever.incrementalHighWater('64f0000000000000000000aa', now)).toBe('64f0000000000000000000aa');
    expect(classLink.incrementalHighWater('2026-02-01T00:00:00.000Z', now)).toBe(now.toISOString());
    await expect(classLink.startingHighWater(now)).resolves.toBe(now.toISOString());
  });

  it('names each kind’s credential fields without the caller knowing the kind', () => {
    expect(describeCredentials('clever')).toBe('{token}');
    expect(describeCredentials('classlink')).toBe('{consumerKey, consumerSecret}');
  });
});
