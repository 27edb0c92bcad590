import { describe, expect, it } from 'vitest';
import { CoalescedWake } from '../../src/api/routes/webhooks/coalesced-wake.js';

/** A signal sender whose sends end when the test says so. */
function controlledSends() {
  const sends: Array<{ key: string; count: number; finish: (error?: Error) => void }> = [];
  const signal = (key: string) => (count: number) =>
    new Promise<void>((resolve, reject) => sends.push({ key, count, finish: (error) => (error ? reject(error) : resolve()) }));
  return { sends, signal };
}

const settled = async (promise: Promise<void>) => {
  let state = 'pending';
  promise.then(
    () => (state = 'sent'),
    (error: Error) => (state = `failed: ${error.message}`),
  );
  await new Promise((resolve) => setImmediate(resolve));
  return state;
};

describe('coalesced wake-ups', () => {
  it('signals at once when idle, and once more for every ask that came while a signal was in flight', async () => {
    const wakes = new CoalescedWake();
    const { sends, signal } = controlledSends();
    const first = wakes.wake('t/p', 1, signal('t/p'));
    const second = wakes.wake('t/p', 2, signal('t/p'));
    const third = wakes.wake('t/p', 3, signal('t/p'));
    expect(sends.map(({ count }) => count)).toEqual([1]);

    sends[0]!.finish();
    expect(await settled(first)).toBe('sent');
    // The asks made during the first signal are not covered by it: the next one carries both.
    expect(await settled(second)).toBe('pending');
    expect(sends.map(({ count }) => count)).toEqual([1, 5]);

    sends[1]!.finish();
    expect(await settled(second)).toBe('sent');
    expect(await settled(third)).toBe('sent');
    expect(sends).toHaveLength(2);
  });

  it('keeps the workflows of different pairs apart', async () => {
    const wakes = new CoalescedWake();
    const { sends, signal } = controlledSends();
    void wakes.wake('t/a', 1, signal('t/a'));
    void wakes.wake('t/b', 1, signal('t/b'));
    expect(sends.map(({ key }) => key)).toEqual(['t/a', 't/b']);
  });

  it('fails the asks a failed signal covered, and signals afresh for the next ask', async () => {
    const wakes = new CoalescedWake();
    const { sends, signal } = controlledSends();
    const failing = wakes.wake('t/p', 1, signal('t/p'));
    sends[0]!.finish(new Error('temporal unavailable'));
    expect(await settled(failing)).toBe('failed: temporal unavailable');

    const retried = wakes.wake('t/p', 1, signal('t/p'));
    expect(sends).toHaveLength(2);
    sends[1]!.finish();
    expect(await settled(retried)).toBe('sent');
  });
});
