/**
 * Which fetched pages of a kind may hold staged records, from what each fetch reported, so
 * the transform can leave out the slices of pages that staged nothing: a resync that finds a
 * kind unchanged schedules no transform for it. Pages whose fetch did not say (fetched before
 * a continue-as-new, or by a worker that does not report the count) may hold some.
 */
export class StagedPages {
  /** Page ranges [from, to) that may hold staged records. */
  private readonly ranges: Array<{ from: number; to: number }> = [];

  /** `unknownBefore`: the pages of the kind fetched before this run took it over. */
  constructor(unknownBefore: number) {
    if (unknownBefore > 0) this.ranges.push({ from: 0, to: unknownBefore });
  }

  /** A fetch of `pages` pages from `from` reported `staged` records staged (undefined: it did not say). */
  note(from: number, pages: number, staged: number | undefined): void {
    if (staged !== 0 && pages > 0) this.ranges.push({ from, to: from + pages });
  }

  /** Whether any page of the slice (inclusive bounds, as pageSlices gives) may hold staged records. */
  mayHold(slice: { fromPage: number; toPage: number }): boolean {
    return this.ranges.some((range) => range.from <= slice.toPage && slice.fromPage < range.to);
  }
}
