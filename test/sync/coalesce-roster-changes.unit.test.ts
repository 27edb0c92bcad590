import { describe, expect, it } from 'vitest';
import type { RosterEnrollment, RosterUser } from '../../src/domain/roster.js';
import type { RosterChange } from '../../src/providers/index.js';
import { coalesceRosterChanges } from '../../src/sync/coalesce-roster-changes.js';

const user = (sourceId: string, familyName: string): RosterUser =>
  ({ sourceId, roles: ['student'], primaryRole: 'student', givenName: 'Ada', familyName, schoolIds: ['s1'] }) as unknown as RosterUser;
const enrollment = (sectionId: string, userId: string): RosterEnrollment => ({ sectionId, userId, role: 'student', primary: false });
const upsertUsers = (...users: RosterUser[]): RosterChange => ({ op: 'upsert', batch: { users, errors: [] } });

describe('coalescing roster changes', () => {
  it('makes one upsert of consecutive upserts, the last record of a key winning', () => {
    const coalesced = coalesceRosterChanges([
      upsertUsers(user('u1', 'First')),
      upsertUsers(user('u2', 'Other')),
      upsertUsers(user('u1', 'Last')),
      { op: 'upsert', batch: { enrollments: [enrollment('sec1', 'u2')], errors: [{ kind: 'users', sourceId: 'u9', message: 'no name' }] } },
    ]);
    expect(coalesced).toEqual([
      {
        op: 'upsert',
        batch: {
          users: [user('u2', 'Other'), user('u1', 'Last')],
          enrollments: [enrollment('sec1', 'u2')],
          errors: [{ kind: 'users', sourceId: 'u9', message: 'no name' }],
        },
      },
    ]);
  });

  it('keeps deletes in their place between upserts', () => {
    const remove: RosterChange = { op: 'delete', kind: 'users', sourceIds: ['u1'] };
    expect(coalesceRosterChanges([upsertUsers(user('u1', 'A')), remove, upsertUsers(user('u1', 'B')), upsertUsers(user('u2', 'C'))])).toEqual([
      upsertUsers(user('u1', 'A')),
      remove,
      upsertUsers(user('u1', 'B'), user('u2', 'C')),
    ]);
  });

  it('leaves a complete section roster as it came, after the upserts before it and before those after it', () => {
    const roster: RosterChange = { op: 'upsert', batch: { enrollments: [enrollment('sec1', 'u1')], errors: [] }, completeEnrollmentsOf: 'sec1' };
    const later: RosterChange = { op: 'upsert', batch: { enrollments: [enrollment('sec1', 'u3')], errors: [] } };
    expect(coalesceRosterChanges([upsertUsers(user('u1', 'A')), roster, later])).toEqual([upsertUsers(user('u1', 'A')), roster, later]);
  });

  it('has nothing to do without changes', () => {
    expect(coalesceRosterChanges([])).toEqual([]);
  });
});
