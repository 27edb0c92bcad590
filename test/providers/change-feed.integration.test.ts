import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCleverSimulator, type CleverSimulator } from '../../sim/clever/server.js';
import type { DistrictStore } from '../../sim/district/model.js';
import { createDistrictStore } from '../../sim/district/store.js';
import { startOneRosterSimulator, type OneRosterSimulator } from '../../sim/oneroster/server.js';
import { SisCursorExpiredError } from '../../src/providers/errors.js';
import { createSisClient, type RosterChange, type SisClient } from '../../src/providers/index.js';
import { IDS, smallDistrict as oneRosterDistrict } from '../classlink/fixtures/small-district.js';
import { ids, smallDistrict as cleverDistrict } from '../clever/fixtures/small-district.js';

/**
 * The change feed and webhook reads of both providers through the one SisClient face, against
 * the SIS simulators: the engine walks either feed the same way and gets canonical changes.
 */

/** Walks the feed of every kind the layout asks for, from `since` to the end, as an incremental run does. */
async function walkFeed(client: SisClient, since: string): Promise<{ changes: RosterChange[]; count: number; highWater: string | undefined }> {
  const kinds = client.changeFeed === 'one-stream' ? client.fetchKinds.slice(0, 1) : client.fetchKinds;
  const changes: RosterChange[] = [];
  let count = 0;
  let highWater: string | undefined;
  for (const kind of kinds) {
    let cursor: string | null = null;
    do {
      const page = await client.fetchChanges({ kind, since, cursor });
      changes.push(...page.changes);
      count += page.count;
      highWater = page.highWater ?? highWater;
      cursor = page.nextCursor;
    } while (cursor !== null);
  }
  return { changes, count, highWater };
}

const upsertedIds = (changes: readonly RosterChange[], kind: 'users' | 'sections') =>
  changes.flatMap((change) => (change.op === 'upsert' ? (change.batch[kind] ?? []).map((record) => record.sourceId) : []));
const deletes = (changes: readonly RosterChange[]) => changes.flatMap((change) => (change.op === 'delete' ? [[change.kind, ...change.sourceIds]] : []));

describe('Clever: the Events API as the change feed', () => {
  let sim: CleverSimulator;
  let store: DistrictStore;
  let client: SisClient;

  beforeAll(async () => {
    store = createDistrictStore(cleverDistrict());
    sim = await startCleverSimulator({ store });
    client = createSisClient({ kind: 'clever', baseUrl: sim.baseUrl, credentials: { token: sim.token } });
  });
  afterAll(async () => sim?.close());

  it('starts a district without events at "before any event", then replays every later change in order', async () => {
    const now = new Date();
    const start = await client.startingHighWater(now);
    expect(start).toBe(`@${now.toISOString()}`);

    // Deleting a student also changes the section that listed them: four events in all.
    const changed = [
      ...store.mutate({ op: 'update', kind: 'users', id: ids.senior, patch: { email: 'zoe@new.example' } }),
      ...store.mutate({ op: 'enroll', sectionId: ids.emptySection, userId: ids.kinder, role: 'student' }),
      ...store.mutate({ op: 'delete', kind: 'users', id: ids.dualSchool }),
    ];

    const feed = await walkFeed(client, start);
    expect(feed.count).toBe(changed.length);
    expect(
      feed.changes.map((change) =>
        change.op === 'delete' ? `delete ${change.kind} ${change.sourceIds.join()}` : `upsert ${change.completeEnrollmentsOf ?? 'users'}`,
      ),
    ).toEqual(['upsert users', `upsert ${ids.emptySection}`, `upsert ${ids.mathSection}`, `delete users ${ids.dualSchool}`]);
    expect(upsertedIds(feed.changes, 'users')).toEqual([ids.senior]);
    const [, enrolled, leftBehind] = feed.changes as Extract<RosterChange, { op: 'upsert' }>[];
    expect(enrolled!.batch.enrollments).toContainEqual({ sectionId: ids.emptySection, userId: ids.kinder, role: 'student', primary: false });
    expect(leftBehind!.batch.enrollments?.map((enrollment) => enrollment.userId)).not.toContain(ids.dualSchool);

    // The last event is both where the feed stands now and where the next full sync would start.
    expect(feed.highWater).toBe(await client.startingHighWater(new Date()));
    const caughtUp = await walkFeed(client, feed.highWater!);
    expect(caughtUp).toEqual({ changes: [], count: 0, highWater: feed.highWater });
  });

  it('reports an event id the Events API no longer serves as the neutral cursor-expired failure', async () => {
    const error = await client.fetchChanges({ kind: 'users', since: 'ffffffffffffffffffffffff', cursor: null }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(SisCursorExpiredError);
    expect(error).toMatchObject({ type: 'SisCursorExpiredError', provider: 'clever', cursor: 'ffffffffffffffffffffffff', retryable: false });
  });
});

describe('ClassLink: OneRoster deltas as the change feed, named records for webhooks', () => {
  let sim: OneRosterSimulator;
  let store: DistrictStore;
  let client: SisClient;
  let clock = new Date('2026-01-10T08:00:00.000Z');

  beforeAll(async () => {
    store = createDistrictStore(oneRosterDistrict(), { now: () => clock });
    sim = await startOneRosterSimulator({ store });
    client = createSisClient({ kind: 'classlink', baseUrl: sim.baseUrl, credentials: { consumerKey: sim.consumerKey, consumerSecret: sim.consumerSecret } });
  });
  afterAll(async () => sim?.close());

  it('reads each kind’s delta since the mark: changed records as upserts, tombstones as deletes', async () => {
    const start = await client.startingHighWater(clock);
    clock = new Date('2026-01-10T09:00:00.000Z');
    store.mutate({ op: 'update', kind: 'users', id: IDS.bo, patch: { email: 'bo.li@springfield.k12.example' } });
    store.mutate({ op: 'delete', kind: 'users', id: IDS.chloe });

    const feed = await walkFeed(client, start);
    expect(feed.highWater).toBeUndefined();
    expect(upsertedIds(feed.changes, 'users')).toEqual([IDS.bo]);
    // Chloë's delete also tombstoned her enrollment, reported by (section, user) as the mirror keys it.
    expect(deletes(feed.changes)).toEqual([
      ['users', IDS.chloe],
      ['enrollments', `${IDS.mathSection}:${IDS.chloe}`],
    ]);
  });

  it('reads the records a notification names, parents first; a 404 deletes, except an enrollment it cannot key', async () => {
    const missing = 'ffffffffffffffffffffffff';
    const changes = await client.readWebhookChanges([
      { kind: 'sections', payload: { collection: 'classes', sourcedId: IDS.artSection } },
      { kind: 'users', payload: { collection: 'students', sourcedId: IDS.ana } },
      { kind: 'users', payload: { collection: 'students', sourcedId: missing } },
      { kind: 'enrollments', payload: { collection: 'enrollments', sourcedId: missing } },
      { kind: 'demographics', payload: { sourcedId: IDS.ana } },
    ]);
    expect(
      changes.map((change) =>
        change.op === 'delete' ? ['delete', change.kind, change.sourceIds] : ['upsert', Object.keys(change.batch).filter((key) => key !== 'errors')],
      ),
    ).toEqual([
      ['upsert', ['users']],
      ['delete', 'users', [missing]],
      ['upsert', ['sections']],
    ]);
    expect(upsertedIds(changes, 'users')).toEqual([IDS.ana]);
    expect(upsertedIds(changes, 'sections')).toEqual([IDS.artSection]);
  });
});
