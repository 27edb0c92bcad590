import { describe, expect, it } from 'vitest';
import type { RosterSection, RosterTerm } from '../../src/domain/roster.js';
import { calendarDate, capacityOf, isCurrentTerm, isSectionEligible } from '../../src/domain/seats/eligibility.js';
import { comparePriority, rankOf } from '../../src/domain/seats/priority.js';
import { reconcilePool, type PoolReconcileInput, type SeatChange, type SeatRow, type UserStanding } from '../../src/domain/seats/reconcile-pool.js';
import { describeSeatCounts } from '../../src/domain/seats/seat-state.js';

const P = 'provider-a';
const DAY = 24 * 3600;
const DAY_MS = DAY * 1000;
const T0 = Date.UTC(2026, 10, 1);

const id = (n: number) => `u${String(n).padStart(3, '0')}`;
const eligible = (rank: number): UserStanding => ({ kind: 'eligible', rank });

/** Applies moves to rows as the database would (last move of a user wins). */
function persist(rows: readonly SeatRow[], changes: readonly SeatChange[]): SeatRow[] {
  const byKey = new Map(rows.map((row) => [`${row.providerId}/${row.userId}`, row]));
  for (const change of changes) {
    byKey.set(`${change.providerId}/${change.userId}`, {
      providerId: change.providerId,
      userId: change.userId,
      rank: change.rank,
      eligibleSince: change.eligibleSince,
      state: change.to,
      graceStartedAt: change.to === 'releasing' ? change.graceStartedAt : null,
    });
  }
  return [...byKey.values()];
}

function reconcile(input: Partial<PoolReconcileInput> & Pick<PoolReconcileInput, 'standings'>) {
  const full: PoolReconcileInput = { capacity: 100, gracePeriodSeconds: 7 * DAY, now: T0, providerId: P, rows: [], ...input };
  const changes = reconcilePool(full);
  return { changes, rows: persist(full.rows, changes) };
}

const inState = (rows: SeatRow[], state: SeatRow['state']) =>
  rows
    .filter((row) => row.state === state)
    .map((row) => row.userId)
    .sort();
const moves = (changes: SeatChange[]) =>
  changes.filter((change) => change.from !== change.to).map((change) => `${change.userId}:${change.from ?? '-'}>${change.to}:${change.reason}`);

/** 10 teachers (u140..u149) and 140 students (u000..u139). */
function district(): Map<string, UserStanding> {
  return new Map(Array.from({ length: 150 }, (_, n) => [id(n), eligible(n >= 140 ? rankOf('teacher') : rankOf('student'))]));
}

describe('seat allocation', () => {
  it('gives a pool of 100 over 150 eligible to teachers first, then by user id, and waitlists the other 50', () => {
    const { changes, rows } = reconcile({ standings: district() });
    const assigned = inState(rows, 'assigned');
    expect(assigned).toHaveLength(100);
    expect(assigned).toEqual([...Array.from({ length: 90 }, (_, n) => id(n)), ...Array.from({ length: 10 }, (_, n) => id(140 + n))].sort());
    expect(inState(rows, 'waitlisted')).toEqual(Array.from({ length: 50 }, (_, n) => id(90 + n)));
    expect(changes.every((change) => change.reason === (change.to === 'assigned' ? 'eligible' : 'capacity_full'))).toBe(true);
  });

  it('changes nothing when nothing changed', () => {
    const first = reconcile({ standings: district() });
    expect(reconcile({ standings: district(), rows: first.rows, now: T0 + DAY_MS }).changes).toEqual([]);
  });

  it('puts holders who lose eligibility into grace, releases them after it and gives their seats to the waitlist by priority', () => {
    const start = reconcile({ standings: district() }).rows;
    const unenrolled = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9].map(id);
    const standings = district();
    for (const userId of unenrolled) standings.set(userId, { kind: 'ineligible' });

    const grace = reconcile({ standings, rows: start, now: T0 + DAY_MS });
    expect(moves(grace.changes)).toEqual(unenrolled.map((userId) => `${userId}:assigned>releasing:no_longer_eligible`));
    expect(reconcile({ standings, rows: grace.rows, now: T0 + 8 * DAY_MS - 1 }).changes).toEqual([]);

    const after = reconcile({ standings, rows: grace.rows, now: T0 + 8 * DAY_MS });
    expect(moves(after.changes)).toEqual([
      ...unenrolled.map((userId) => `${userId}:releasing>released:grace_expired`),
      ...[90, 91, 92, 93, 94, 95, 96, 97, 98, 99].map((n) => `${id(n)}:waitlisted>assigned:waitlist_promoted`),
    ]);
    expect(inState(after.rows, 'assigned')).toHaveLength(100);
  });

  it('releases a zero-grace pool straight through grace in one reconcile', () => {
    const start = reconcile({ standings: district(), capacity: 150 }).rows;
    const standings = district();
    standings.set(id(0), { kind: 'ineligible' });
    expect(moves(reconcile({ standings, rows: start, capacity: 150, gracePeriodSeconds: 0 }).changes)).toEqual([
      `${id(0)}:assigned>releasing:no_longer_eligible`,
      `${id(0)}:releasing>released:grace_expired`,
    ]);
  });

  it('cancels grace when the user is eligible again', () => {
    const start = reconcile({ standings: district() }).rows;
    const standings = district();
    standings.set(id(0), { kind: 'ineligible' });
    const grace = reconcile({ standings, rows: start });
    expect(moves(reconcile({ standings: district(), rows: grace.rows, now: T0 + DAY_MS }).changes)).toEqual([`${id(0)}:releasing>assigned:eligible_again`]);
  });

  it('releases deprovisioned users at once, waitlisted ones too, and keeps seats of users whose deprovision is held', () => {
    const start = reconcile({ standings: district() }).rows;
    const standings = district();
    standings.set(id(0), { kind: 'deprovisioned' });
    standings.set(id(100), { kind: 'deprovisioned' });
    standings.set(id(1), { kind: 'held' });
    const { changes } = reconcile({ standings, rows: start });
    expect(moves(changes)).toEqual([
      `${id(0)}:assigned>released:deprovisioned`,
      `${id(100)}:waitlisted>released:deprovisioned`,
      `${id(90)}:waitlisted>assigned:waitlist_promoted`,
    ]);
  });

  it('drops users from the waitlist when they are no longer eligible, and re-queues them as newcomers when they return', () => {
    const start = reconcile({ standings: district() }).rows;
    const standings = district();
    standings.set(id(139), { kind: 'ineligible' });
    const gone = reconcile({ standings, rows: start });
    expect(moves(gone.changes)).toEqual([`${id(139)}:waitlisted>released:ineligible`]);
    const back = reconcile({ standings: district(), rows: gone.rows, now: T0 + DAY_MS });
    expect(moves(back.changes)).toEqual([`${id(139)}:released>waitlisted:capacity_full`]);
    expect(back.changes[0]?.eligibleSince).toBe(T0 + DAY_MS);
  });

  it('lets a newcomer teacher jump the student waitlist but never takes a held seat for them', () => {
    const start = reconcile({ standings: district() }).rows;
    const standings = district();
    standings.set('t-new', eligible(rankOf('teacher')));
    standings.set(id(0), { kind: 'deprovisioned' });
    expect(moves(reconcile({ standings, rows: start, now: T0 + DAY_MS }).changes)).toEqual([
      `${id(0)}:assigned>released:deprovisioned`,
      't-new:->assigned:eligible',
    ]);
  });

  it('takes seats back when capacity drops: those in grace first, then the lowest priority holders to the waitlist', () => {
    const start = reconcile({ standings: district() }).rows;
    const standings = district();
    standings.set(id(0), { kind: 'ineligible' });
    const grace = reconcile({ standings, rows: start });
    const { changes, rows } = reconcile({ standings, rows: grace.rows, capacity: 97, now: T0 + DAY_MS });
    expect(moves(changes)).toEqual([
      `${id(0)}:releasing>released:capacity_reduced`,
      `${id(89)}:assigned>waitlisted:capacity_reduced`,
      `${id(88)}:assigned>waitlisted:capacity_reduced`,
    ]);
    expect(rows.filter((row) => row.state === 'assigned' || row.state === 'releasing')).toHaveLength(97);
  });

  it('counts other providers against capacity and promotes their waitlisted users by priority', () => {
    const other: SeatRow[] = [
      { providerId: 'provider-b', userId: 'b-1', rank: 1, eligibleSince: T0 - DAY_MS, state: 'assigned', graceStartedAt: null },
      { providerId: 'provider-b', userId: 'b-2', rank: 1, eligibleSince: T0 - DAY_MS, state: 'waitlisted', graceStartedAt: null },
    ];
    const standings = new Map([
      [id(0), eligible(1)],
      [id(1), eligible(1)],
    ]);
    const { changes } = reconcile({ standings, rows: other, capacity: 3 });
    expect(moves(changes)).toEqual(['b-2:waitlisted>assigned:waitlist_promoted', `${id(0)}:->assigned:eligible`, `${id(1)}:->waitlisted:capacity_full`]);
  });

  it('refreshes a changed rank silently', () => {
    const start = reconcile({ standings: district() }).rows;
    const standings = district();
    standings.set(id(120), eligible(rankOf('teacher')));
    const { changes } = reconcile({ standings, rows: start });
    expect(moves(changes)).toEqual([]);
    expect(changes).toEqual([expect.objectContaining({ userId: id(120), from: 'waitlisted', to: 'waitlisted', rank: 0 })]);
  });
});

describe('seat priority', () => {
  it('orders teachers before students, then earliest eligibility, then user id, then provider', () => {
    const base = { rank: 1, eligibleSince: 5, userId: 'b', providerId: 'p' };
    expect(comparePriority({ ...base, rank: 0 }, base)).toBeLessThan(0);
    expect(comparePriority({ ...base, eligibleSince: 4 }, base)).toBeLessThan(0);
    expect(comparePriority({ ...base, userId: 'a' }, base)).toBeLessThan(0);
    expect(comparePriority({ ...base, providerId: 'o' }, base)).toBeLessThan(0);
    expect(comparePriority(base, { ...base })).toBe(0);
  });
});

describe('seat eligibility', () => {
  const terms = new Map<string, RosterTerm>([
    ['now', { sourceId: 'now', name: '2026-27', startDate: '2026-07-01', endDate: '2027-06-30' }],
    ['past', { sourceId: 'past', name: '2025-26', startDate: '2025-07-01', endDate: '2026-06-30' }],
    ['open', { sourceId: 'open', name: 'Open' }],
  ]);
  const section: RosterSection = { sourceId: 's1', name: 'Algebra', schoolId: 'sch1', courseId: 'c1', termId: 'now', subject: 'math', teacherIds: [] };
  const all = { roles: ['teacher', 'student'] as const };

  it('counts only sections in a current term (start ≤ today ≤ end, bounds inclusive)', () => {
    expect(isSectionEligible(section, terms, { roles: [...all.roles] }, '2026-11-01')).toBe(true);
    expect(isSectionEligible({ ...section, termId: 'past' }, terms, { roles: [...all.roles] }, '2026-11-01')).toBe(false);
    expect(isCurrentTerm(terms.get('now'), '2026-07-01')).toBe(true);
    expect(isCurrentTerm(terms.get('now'), '2027-06-30')).toBe(true);
    expect(isCurrentTerm(terms.get('now'), '2027-07-01')).toBe(false);
    expect(isCurrentTerm(terms.get('open'), '1999-01-01')).toBe(true);
    const { termId: _termId, ...termless } = section;
    expect(isSectionEligible(termless, terms, { roles: [...all.roles] }, '2026-11-01')).toBe(false);
    expect(isSectionEligible({ ...section, termId: 'unknown' }, terms, { roles: [...all.roles] }, '2026-11-01')).toBe(false);
  });

  it('applies the optional school, course and subject filters', () => {
    const today = '2026-11-01';
    expect(isSectionEligible(section, terms, { roles: ['student'], schoolIds: ['sch2'] }, today)).toBe(false);
    expect(isSectionEligible(section, terms, { roles: ['student'], schoolIds: ['sch1', 'sch2'], courseIds: ['c1'], subjects: ['math'] }, today)).toBe(true);
    expect(isSectionEligible(section, terms, { roles: ['student'], courseIds: ['c2'] }, today)).toBe(false);
    expect(isSectionEligible(section, terms, { roles: ['student'], subjects: ['science'] }, today)).toBe(false);
    expect(isSectionEligible(section, terms, { roles: ['student'], schoolIds: [] }, today)).toBe(true);
  });

  it('judges dates in UTC', () => {
    expect(calendarDate(new Date('2026-11-01T23:30:00-05:00'))).toBe('2026-11-02');
  });
});

describe('pool capacity', () => {
  it('comes from the licensed seats of the SKU when the Tenant Service is in charge, else from the pool', () => {
    const licensed = new Map([['MATH', 40]]);
    expect(capacityOf({ sku: 'MATH', capacity: 100 }, licensed)).toBe(40);
    expect(capacityOf({ sku: 'READ', capacity: 100 }, licensed)).toBe(0);
    expect(capacityOf({ sku: null, capacity: 100 }, licensed)).toBe(100);
    expect(capacityOf({ sku: 'MATH', capacity: 100 }, undefined)).toBe(100);
  });

  it('describes a run in counts only', () => {
    expect(describeSeatCounts({ allocated: 0, released: 0, waitlisted: 0, graceStarted: 0, pools: [] })).toBeNull();
    expect(
      describeSeatCounts({
        allocated: 3,
        released: 1,
        waitlisted: 2,
        graceStarted: 0,
        pools: [{ poolId: 'math', capacity: 10, held: 5, waitlisted: 2, utilisation: 0.5 }],
      }),
    ).toBe('seats: 3 allocated, 1 released, 2 waitlisted, 0 in grace (math 5/10)');
  });
});
