import { describe, expect, it } from 'vitest';
import type { RawPage } from '../../src/providers/types.js';
import { readAheadPages } from '../../src/sync/read-ahead-pages.js';

/** A SIS of `total` pages by cursor: page n's cursor is `c<n>` (the first's is null). */
function pagedSis(total: number) {
  const requested: Array<string | null> = [];
  const signals: AbortSignal[] = [];
  const request = async (cursor: string | null, signal: AbortSignal): Promise<RawPage> => {
    requested.push(cursor);
    signals.push(signal);
    const page = cursor === null ? 0 : Number(cursor.slice(1));
    return { records: [{ sourceId: `r${page}`, payload: { page } }], nextCursor: page + 1 < total ? `c${page + 1}` : null };
  };
  return { request, requested, signals };
}

describe('pages read ahead', () => {
  it('requests the next page before the caller has handled the current one', async () => {
    const sis = pagedSis(5);
    const seen: Array<{ page: string; requestedSoFar: Array<string | null> }> = [];
    for await (const page of readAheadPages(sis.request, null, 10)) {
      // The caller's work on this page (a database write) would run now, with the next page already asked for.
      seen.push({ page: page.records[0]!.sourceId, requestedSoFar: [...sis.requested] });
    }
    expect(seen.map((entry) => entry.page)).toEqual(['r0', 'r1', 'r2', 'r3', 'r4']);
    expect(seen[0]!.requestedSoFar).toEqual([null, 'c1']);
    expect(seen[3]!.requestedSoFar).toEqual([null, 'c1', 'c2', 'c3', 'c4']);
    // The last page has no next cursor: nothing is asked for past the end.
    expect(sis.requested).toEqual([null, 'c1', 'c2', 'c3', 'c4']);
  });

  it('stops at the limit without asking for the page after it, and starts from the cursor given', async () => {
    const sis = pagedSis(10);
    const pages: RawPage[] = [];
    for await (const page of readAheadPages(sis.request, 'c2', 3)) pages.push(page);
    expect(pages.map((page) => page.records[0]!.sourceId)).toEqual(['r2', 'r3', 'r4']);
    expect(pages.at(-1)!.nextCursor).toBe('c5');
    expect(sis.requested).toEqual(['c2', 'c3', 'c4']);
  });

  it('cancels the page asked for ahead when the caller stops early, and passes on a failure of the page it waits for', async () => {
    const sis = pagedSis(10);
    for await (const page of readAheadPages(sis.request, null, 10)) {
      if (page.records[0]!.sourceId === 'r1') break;
    }
    expect(sis.requested).toEqual([null, 'c1', 'c2']);
    expect(sis.signals.at(-1)!.aborted).toBe(true);

    const failing = async (cursor: string | null): Promise<RawPage> => {
      if (cursor === 'c1') throw new Error('SIS unavailable');
      return { records: [], nextCursor: 'c1' };
    };
    const handled: Array<string | null> = [];
    await expect(
      (async () => {
        for await (const page of readAheadPages(failing, null, 10)) handled.push(page.nextCursor);
      })(),
    ).rejects.toThrow('SIS unavailable');
    expect(handled).toEqual(['c1']);
  });
});
