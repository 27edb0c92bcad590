import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCleverSimulator, type CleverSimulator } from '../../sim/clever/server.js';
import { createDistrictStore } from '../../sim/district/store.js';
import { createCleverClient, type CleverClient } from '../../src/providers/clever/clever-client.js';
import { CleverCursorExpiredError } from '../../src/providers/clever/errors.js';
import { ids, smallDistrict } from './fixtures/small-district.js';
import { control, getJson, mutate } from './sim-http.js';

let sim: CleverSimulator;
let client: CleverClient;
let eventIds: string[] = [];

beforeAll(async () => {
  sim = await startCleverSimulator({ store: createDistrictStore(smallDistrict()) });
  client = createCleverClient({ baseUrl: sim.baseUrl, token: sim.token });
  expect(await client.latestEventId()).toBeNull();
  eventIds = await mutate(sim, [
    { op: 'update', kind: 'users', id: ids.senior, patch: { email: 'zoe@new.example' } },
    { op: 'enroll', sectionId: ids.emptySection, userId: ids.kinder, role: 'student' },
    { op: 'update', kind: 'users', id: ids.teacherAdmin, patch: { roles: ['contact'], teacher: null } },
    { op: 'delete', kind: 'users', id: ids.dualSchool },
    { op: 'update', kind: 'courses', id: ids.artCourse, patch: { name: 'Studio Art II' } },
  ]);
});
afterAll(async () => sim.close());

describe('Clever events through the client', () => {
  it('pages events oldest first with limit, resuming from the last id; hasMore ends at the newest', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    for (;;) {
      const page = await client.fetchEvents(cursor, 2);
      seen.push(...page.events.map((event) => event.id ?? ''));
      expect(page.events.length).toBeLessThanOrEqual(2);
      cursor = page.nextCursor;
      if (!page.hasMore) break;
    }
    expect(seen).toEqual(eventIds);
    expect(cursor).toBe(eventIds.at(-1));
    expect(await client.latestEventId()).toBe(eventIds.at(-1));
    const caughtUp = await client.fetchEvents(cursor);
    expect(caughtUp).toEqual({ events: [], nextCursor: cursor, hasMore: false });
  });

  it('turns events into canonical upserts and deletes', async () => {
    const { events } = await client.fetchEvents(null);
    const changes = events.map((event) => client.transformEvent(event));
    const emailChange = changes.find((change) => change.type === 'users.updated' && change.sourceId === ids.senior);
    expect(emailChange).toMatchObject({ kind: 'users', op: 'upsert', batch: { users: [{ sourceId: ids.senior, email: 'zoe@new.example' }], errors: [] } });
    const enrolled = changes.find((change) => change.type === 'sections.updated' && change.sourceId === ids.emptySection);
    expect(enrolled?.batch.enrollments).toContainEqual({ sectionId: ids.emptySection, userId: ids.kinder, role: 'student', primary: false });
    // Left with only the contact role, a person stops being a canonical user: a delete.
    const nowContact = changes.find((change) => change.type === 'users.updated' && change.sourceId === ids.teacherAdmin);
    expect(nowContact).toMatchObject({ kind: 'users', op: 'delete' });
    const deleted = changes.filter((candidate) => candidate.type.endsWith('.deleted'));
    expect(deleted.map((change) => [change.type, change.sourceId])).toEqual([['users.deleted', ids.dualSchool]]);
    for (const change of deleted) {
      expect(change).toMatchObject({ op: 'delete', batch: { errors: [] } });
    }
    expect(changes.every((change) => change.op !== 'ignore')).toBe(true);
  });

  it('filters by record type', async () => {
    const page = await client.fetchEvents(null, { recordTypes: ['courses'] });
    expect(page.events.every((event) => event.type.startsWith('courses.'))).toBe(true);
  });

  it('detects an unknown event id as an expired cursor', async () => {
    const error = await client.fetchEvents('ffffffffffffffffffffffff').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(CleverCursorExpiredError);
    expect(error).toMatchObject({ retryable: false, eventId: 'ffffffffffffffffffffffff' });
  });

  it('after 30 days the events are gone and the old cursor says so; a fresh start still works', async () => {
    const cursor = eventIds[0] ?? '';
    await expect(client.fetchEvents(cursor)).resolves.toMatchObject({ hasMore: false });
    const in31Days = new Date(Date.now() + 31 * 24 * 3600 * 1000).toISOString();
    const expired = await control(sim, 'expire-events', { now: in31Days });
    expect(expired).toEqual({ status: 200, body: { oldestRetainedEventId: null } });
    await expect(client.fetchEvents(cursor)).rejects.toBeInstanceOf(CleverCursorExpiredError);
    const raw = await getJson(sim, `/v3.0/events?starting_after=${cursor}`);
    expect(raw.status).toBe(404);
    await expect(client.fetchEvents(null)).resolves.toEqual({ events: [], nextCursor: null, hasMore: false });
    // New changes after the expiry get new, higher ids.
    const [next] = await mutate(sim, { op: 'update', kind: 'terms', id: ids.fall, patch: { name: 'Autumn 2026' } });
    expect(next && next > (eventIds.at(-1) ?? '')).toBe(true);
    await expect(client.latestEventId()).resolves.toBe(next);
  });
});
