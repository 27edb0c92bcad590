import { describe, expect, it } from 'vitest';
import { itemsPerBatch, layoutPhases, mustHoldDeprovisions, partSeqBase } from '../../src/domain/plan-layout.js';
import { userNameCandidate } from '../../src/domain/username.js';

describe('plan layout', () => {
  it('numbers batches consecutively across phases in apply order and leaves out empty phases', () => {
    const layout = layoutPhases({ deprovisions: 3, users: 250, members: 26 }, 100);
    expect(layout.map(({ phase, firstBatch, batches, perBatch }) => ({ phase, firstBatch, batches, perBatch }))).toEqual([
      { phase: 'users', firstBatch: 0, batches: [0, 1, 2], perBatch: 100 },
      { phase: 'members', firstBatch: 3, batches: [3, 4], perBatch: 25 },
      { phase: 'deprovisions', firstBatch: 5, batches: [5], perBatch: 100 },
    ]);
  });

  it('lays out nothing for an empty plan', () => {
    expect(layoutPhases({}, 100)).toEqual([]);
  });

  it('puts fewer members items in a batch, never none', () => {
    expect(itemsPerBatch('members', 100)).toBe(25);
    expect(itemsPerBatch('members', 1)).toBe(1);
    expect(itemsPerBatch('users', 100)).toBe(100);
  });

  it('gives parts disjoint sequence ranges', () => {
    expect(partSeqBase(0, 2000)).toBe(0);
    expect(partSeqBase(3, 2000)).toBe(6000);
  });
});

describe('deletion safety', () => {
  it('holds above the count', () => {
    expect(mustHoldDeprovisions(501, 100_000, { count: 500, percent: 10 })).toBe(true);
    expect(mustHoldDeprovisions(500, 100_000, { count: 500, percent: 10 })).toBe(false);
  });

  it('holds above the percentage of active users', () => {
    expect(mustHoldDeprovisions(11, 100, { count: 500, percent: 10 })).toBe(true);
    expect(mustHoldDeprovisions(10, 100, { count: 500, percent: 10 })).toBe(false);
  });

  it('does not divide by zero when nothing is active yet', () => {
    expect(mustHoldDeprovisions(0, 0, { count: 500, percent: 10 })).toBe(false);
  });
});

describe('userName candidates', () => {
  it('adds a numeric suffix before the domain from the second attempt on', () => {
    expect(userNameCandidate('jane@x.org', 0)).toBe('jane@x.org');
    expect(userNameCandidate('jane@x.org', 1)).toBe('jane2@x.org');
    expect(userNameCandidate('jane', 2)).toBe('jane3');
  });
});
