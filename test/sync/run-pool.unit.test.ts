import { describe, expect, it } from 'vitest';
import { pageSlices, Slots } from '../../workflows/run-pool.js';

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
