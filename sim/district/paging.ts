/**
 * Binary search over id-sorted record arrays (what `DistrictStore.list` returns), so a
 * simulator can serve Clever's `starting_after`/`ending_before` pages of a 100k-user district
 * in O(log n) per page instead of scanning. Ids compare as plain strings; the store keeps every
 * list sorted that way (24 lowercase hex chars sort the same bytewise and lexically).
 */

interface HasId {
  readonly id: string;
}

/** Index of the first record whose id is greater than `id` (array length when none). */
export function indexAfterId(sorted: readonly HasId[], id: string): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if ((sorted[mid] as HasId).id <= id) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** Index of the first record whose id is greater than or equal to `id`. */
export function lowerBoundById(sorted: readonly HasId[], id: string): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if ((sorted[mid] as HasId).id < id) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** Index of the record with exactly this id, or -1. */
export function indexOfId(sorted: readonly HasId[], id: string): number {
  const index = lowerBoundById(sorted, id);
  return sorted[index]?.id === id ? index : -1;
}

/** Up to `limit` records with id > `startingAfter` (from the start when undefined). */
export function pageAfterId<T extends HasId>(sorted: readonly T[], startingAfter: string | undefined, limit: number): T[] {
  const start = startingAfter === undefined ? 0 : indexAfterId(sorted, startingAfter);
  return sorted.slice(start, start + Math.max(0, limit));
}

/** Up to `limit` records with id < `endingBefore`, still in ascending order (Clever `ending_before`). */
export function pageBeforeId<T extends HasId>(sorted: readonly T[], endingBefore: string, limit: number): T[] {
  const end = lowerBoundById(sorted, endingBefore);
  return sorted.slice(Math.max(0, end - Math.max(0, limit)), end);
}
