import { describe, expect, it } from 'vitest';
import { inRuns, pageSlices, runPoolUntil, runUntilEnd, Slots } from '../../workflows/run-pool.js';

describe('transform slices', () => {
  it('covers every page once, in consecutive inclusive slices', () => {
    expect(pageSlices(12, 5)).toEqual([
      { fromPage: 0, toPage: 4 },
      { fromPage: 5, toPage: 9 },
      { fromPage: 10, toPage: 11 },
    ]);
    expect(pageSlices(1, 5)).toEqual([{ fromPage: 0, toPage: 0 }]);
    expect(pageSlices(0, 5)).toEqual([]);
  });
});

describe('apply batches in runs', () => {
  it('keeps every batch once, in order, in runs of at most the size', () => {
    expect(inRuns([7, 8, 9, 10, 11, 12, 13, 14, 15, 16], 4)).toEqual([
      [7, 8, 9, 10],
      [11, 12, 13, 14],
      [15, 16],
    ]);
    expect(inRuns([3], 4)).toEqual([[3]]);
    expect(inRuns([], 4)).toEqual([]);
  });
});

describe('slots', () => {
  it('runs at most the limit at once and every task to its end', async () => {
    const slots = new Slots(2);
    let running = 0;
    let most = 0;
    const releases: Array<() => void> = [];
    const task = (value: number) =>
      slots.run(async () => {
        running += 1;
        most = Math.max(most, running);
        await new Promise<void>((resolve) => releases.push(resolve));
        running -= 1;
        return value;
      });
    const results = Promise.all([task(1), task(2), task(3), task(4)]);
    // Release whatever is waiting until all four have run.
    for (let released = 0; released < 4;) {
      await new Promise((resolve) => setImmediate(resolve));
      const next = releases.shift();
      if (next) {
        next();
        released += 1;
      }
    }
    expect(await results).toEqual([1, 2, 3, 4]);
    expect(most).toBe(2);
  });
});

describe('a pool that can be told to stop', () => {
  const tick = () => new Promise((resolve) => setImmediate(resolve));

  it('keeps every lane busy: a slow item does not hold back the items after it', async () => {
    const finished: number[] = [];
    let releaseSlow = () => {};
    const slow = new Promise<void>((resolve) => (releaseSlow = resolve));
    const pool = runPoolUntil(
      [0, 1, 2, 3, 4, 5],
      2,
      async (item) => {
        if (item === 0) await slow;
        else await tick();
        finished.push(item);
        return item * 10;
      },
      () => false,
    );
    for (let turn = 0; turn < 20; turn += 1) await tick();
    // Item 0 still runs; the other lane went through every other item meanwhile.
    expect(finished).toEqual([1, 2, 3, 4, 5]);
    releaseSlow();
    expect(await pool).toEqual({ results: [0, 10, 20, 30, 40, 50], started: 6 });
  });

  it('starts nothing once stopped, finishes what it started, and says where to carry on', async () => {
    let stop = false;
    const done: number[] = [];
    const { results, started } = await runPoolUntil(
      [0, 1, 2, 3, 4, 5, 6, 7],
      3,
      async (item) => {
        await tick();
        done.push(item);
        if (item === 2) stop = true;
        return item;
      },
      () => stop,
    );
    // Items 0..started-1 all ran to their end; none after them began.
    expect(started).toBeGreaterThanOrEqual(3);
    expect(started).toBeLessThan(8);
    expect([...done].sort((a, b) => a - b)).toEqual(Array.from({ length: started }, (_, index) => index));
    expect(results.slice(0, started)).toEqual(Array.from({ length: started }, (_, index) => index));
  });
});

describe('numbered tasks up to an end found by running them', () => {
  const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

  it('runs every task before the end once, starts none far past it, and reports the end', async () => {
    const ran: number[] = [];
    const { next, end } = await runUntilEnd(
      3,
      4,
      async (n) => {
        await tick();
        ran.push(n);
        return n >= 10;
      },
      () => false,
    );
    expect(end).toBe(11);
    // 3..10 ran; lanes already on their way may have run a few past the end, never more than the lanes.
    expect([...ran].sort((a, b) => a - b).slice(0, 8)).toEqual([3, 4, 5, 6, 7, 8, 9, 10]);
    expect(new Set(ran).size).toBe(ran.length);
    expect(next).toBe(ran.length + 3);
    expect(next).toBeLessThanOrEqual(11 + 3);
  });

  it('starts nothing once stopped and says where to carry on', async () => {
    const ran: number[] = [];
    const { next, end } = await runUntilEnd(
      0,
      2,
      async (n) => {
        await tick();
        ran.push(n);
        return false;
      },
      () => ran.length >= 5,
    );
    expect(end).toBeUndefined();
    expect([...ran].sort((a, b) => a - b)).toEqual(Array.from({ length: next }, (_, index) => index));
  });
});
