import type { RawPage } from '../providers/types.js';

/** Fetches the page that starts at `cursor` (null: the first). */
export type PageRequest = (cursor: string | null, signal: AbortSignal) => Promise<RawPage>;

/**
 * Up to `limit` consecutive pages from `cursor`, each following the one before (a SIS that
 * pages by cursor, such as Clever's `starting_after`). The next page is requested as soon as
 * its cursor is known, before the caller has handled the current one: the SIS prepares it
 * while the caller writes to the database, instead of each waiting for the other. Leaving
 * the loop early, or `signal` aborting, cancels the page requested ahead.
 */
export async function* readAheadPages(request: PageRequest, cursor: string | null, limit: number, signal?: AbortSignal): AsyncGenerator<RawPage> {
  const controller = new AbortController();
  const abort = () => controller.abort(signal?.reason);
  signal?.addEventListener('abort', abort, { once: true });
  const ahead = (from: string | null) => {
    const page = request(from, controller.signal);
    // Awaited below, unless the caller stops first: then its failure is nobody's concern.
    page.catch(() => {});
    return page;
  };
  try {
    let next = ahead(cursor);
    for (let fetched = 1; ; fetched += 1) {
      const page = await next;
      const more = page.nextCursor !== null && fetched < limit;
      if (more) next = ahead(page.nextCursor);
      yield page;
      if (!more) return;
    }
  } finally {
    controller.abort();
    signal?.removeEventListener('abort', abort);
  }
}
