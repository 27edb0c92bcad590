import { describe, expect, it } from 'vitest';
import { renderEvent } from '../../sim/clever/events.js';
import { createDistrictStore } from '../../sim/district/store.js';
import { webhookBodyFor } from '../../src/providers/index.js';
import { ids, smallDistrict } from '../clever/fixtures/small-district.js';

/** What each provider's webhook accepts, asked of the facade by kind as the API asks it. */

/** A real Clever event, as the simulator's Events API renders one for a change. */
function cleverEvent(last: string): Record<string, unknown> {
  const store = createDistrictStore(smallDistrict());
  const [change] = store.mutate({ op: 'update', kind: 'users', id: ids.senior, patch: { name: { first: 'Zoë', middle: null, last } } });
  return renderEvent(change!, store.info.id) as Record<string, unknown>;
}

describe('Clever webhook body', () => {
  const body = webhookBodyFor('clever');

  it('accepts one event, an array, or an Events API page, and stores each event under its own id', () => {
    const event = cleverEvent('Renamed');
    const expected = [{ eventId: event.id, kind: 'users', payload: event }];
    for (const json of [event, [event], { data: [{ data: event }] }]) expect(body.parse(json, '1700000000')).toEqual({ success: true, events: expected });
  });

  it('names the bad field of the shape the body means to be', () => {
    const { data: _data, ...withoutObject } = cleverEvent('Broken');
    const single = body.parse({ ...withoutObject, data: { object: {} } }, '1700000000');
    expect(single.success === false && single.error.issues[0]?.path).toEqual(['data', 'object', 'id']);
    const array = body.parse([cleverEvent('Fine'), { ...withoutObject, type: 'not a type' }], '1700000000');
    expect(array.success === false && array.error.issues.map((issue) => issue.path.join('.'))).toContain('1.type');
    expect(body.parse({ data: [] }, '1700000000').success).toBe(false);
  });
});

describe('ClassLink webhook body', () => {
  const body = webhookBodyFor('classlink');
  const notification = {
    id: 'n-1',
    changes: [
      { collection: 'students', sourcedIds: ['u1', 'u2'] },
      { collection: 'classes', sourcedIds: ['c1'] },
    ],
  };

  it('splits a notification into one event per named record, under the roster kind of its collection', () => {
    const parsed = body.parse(notification, '1700000000');
    expect(parsed.success && parsed.events.map((event) => [event.kind, event.payload])).toEqual([
      ['users', { collection: 'students', sourcedId: 'u1' }],
      ['users', { collection: 'students', sourcedId: 'u2' }],
      ['sections', { collection: 'classes', sourcedId: 'c1' }],
    ]);
  });

  it('gives a redelivery the same event ids: from the notification id, else from the signed timestamp', () => {
    const idsOf = (json: unknown, timestamp: string) => {
      const parsed = body.parse(json, timestamp);
      return parsed.success ? parsed.events.map((event) => event.eventId) : [];
    };
    const first = idsOf(notification, '1700000000');
    expect(new Set(first).size).toBe(3);
    for (const eventId of first) expect(eventId).toMatch(/^classlink-[0-9a-f]{40}$/);
    expect(idsOf(notification, '1700000999')).toEqual(first);
    const { id: _id, ...anonymous } = notification;
    expect(idsOf(anonymous, '1700000000')).toEqual(idsOf(anonymous, '1700000000'));
    expect(idsOf(anonymous, '1700000001')).not.toEqual(idsOf(anonymous, '1700000000'));
  });

  it('refuses unknown collections and more than 1000 named records, naming the field', () => {
    const unknown = body.parse({ changes: [{ collection: 'demographics', sourcedIds: ['x'] }] }, '1700000000');
    expect(unknown.success === false && unknown.error.issues[0]?.path).toEqual(['changes', 0, 'collection']);
    const many = Array.from({ length: 600 }, (_, index) => `id-${index}`);
    const tooMany = body.parse(
      {
        changes: [
          { collection: 'users', sourcedIds: many },
          { collection: 'teachers', sourcedIds: many },
        ],
      },
      '1700000000',
    );
    expect(tooMany.success === false && tooMany.error.issues[0]?.message).toBe('at most 1000 sourcedIds in all');
  });
});
