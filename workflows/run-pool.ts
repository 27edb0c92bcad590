/**
 * Runs `task` for each item with at most `limit` in flight, in order of start. Deterministic
 * in workflow code: it only awaits activity promises, never timers or I/O.
 */
export async function runPool<T, R>(items: readonly T[], limit: number, task: (item: T) => Promise<R>): Promise<R[]> {
  return (await runPoolUntil(items, limit, task, () => false)).results;
}

/**
 * runPool that starts no further item once `stop()` says so, and returns when the started ones
 * have finished: items 0..started-1 are then done, and a caller can carry on from `started`
 * (after a continue-as-new, say). A lane takes the next item as soon as it is free, so a slow
 * item never holds the others back.
 */
export async function runPoolUntil<T, R>(
  items: readonly T[],
  limit: number,
  task: (item: T) => Promise<R>,
  stop: () => boolean,
): Promise<{ results: R[]; started: number }> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const lane = async () => {
    while (next < items.length && !stop()) {
      const index = next++;
      results[index] = await task(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  return { results, started: next };
}

/**
 * Numbered tasks from `first` on, `limit` at a time, for a sequence whose end is only found by
 * running it (pages by offset, ranges of a listing): `task(n)` says whether n reached the end,
 * and no task past the lowest such n is started. Nor is any once `stop()` says so. Returns when
 * the started tasks have finished: first..next-1 are then done, and a caller can carry on from
 * `next`; `end` (one past the last task, when found) says whether the sequence is complete.
 * Deterministic in workflow code, like runPool.
 */
export async function runUntilEnd(
  first: number,
  limit: number,
  task: (n: number) => Promise<boolean>,
  stop: () => boolean,
): Promise<{ next: number; end: number | undefined }> {
  let next = first;
  let end = Number.POSITIVE_INFINITY;
  const lane = async () => {
    while (next < end && !stop()) {
      const n = next++;
      if (await task(n)) end = Math.min(end, n + 1);
    }
  };
  await Promise.all(Array.from({ length: limit }, lane));
  return { next, end: Number.isFinite(end) ? end : undefined };
}

/**
 * At most `limit` tasks running at once, for tasks started at different times (transforms
 * launched kind by kind while fetching goes on). Deterministic: it only awaits task promises.
 */
export class Slots {
  private running = 0;
  private readonly waiting: Array<() => void> = [];
  constructor(private readonly limit: number) {}

  async run<R>(task: () => Promise<R>): Promise<R> {
    if (this.running >= this.limit) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.running += 1;
    try {
      return await task();
    } finally {
      this.running -= 1;
      this.waiting.shift()?.();
    }
  }
}

/** Pages 0..pages-1 in consecutive slices of at most `size`, as inclusive page bounds. */
export function pageSlices(pages: number, size: number): Array<{ fromPage: number; toPage: number }> {
  const slices: Array<{ fromPage: number; toPage: number }> = [];
  for (let fromPage = 0; fromPage < pages; fromPage += size) slices.push({ fromPage, toPage: Math.min(pages, fromPage + size) - 1 });
  return slices;
}

/** `items` cut into consecutive runs of at most `size`, in order. */
export function inRuns<T>(items: readonly T[], size: number): T[][] {
  return Array.from({ length: Math.ceil(items.length / size) }, (_, index) => items.slice(index * size, (index + 1) * size));
}
