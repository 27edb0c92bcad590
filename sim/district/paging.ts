/**
 * Binary search over id-sorted record arrays (what `DistrictStore.list` returns), so the
 * store finds and inserts a record of a 100k-user district in O(log n) instead of scanning.
 * Ids compare as plain strings; the store keeps every list sorted that way (24 lowercase hex
 * chars sort the same bytewise and lexically).
 */

interface HasId {
  readonly id: string;
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
