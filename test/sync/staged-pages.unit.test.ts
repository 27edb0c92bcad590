import { describe, expect, it } from 'vitest';
import { pageSlices } from '../../workflows/run-pool.js';
import { StagedPages } from '../../workflows/staged-pages.js';

describe('StagedPages', () => {
  it('keeps the slices of pages whose fetch staged something, or did not say', () => {
    const pages = new StagedPages(0);
    pages.note(0, 20, 0);
    pages.note(20, 20, 3);
    pages.note(40, 20, undefined);
    pages.note(60, 7, 0);
    const kept = pageSlices(67, 5).filter((slice) => pages.mayHold(slice));
    expect(kept.map((slice) => slice.fromPage)).toEqual([20, 25, 30, 35, 40, 45, 50, 55]);
  });

  it('keeps a slice that straddles a run which staged something', () => {
    const pages = new StagedPages(0);
    pages.note(0, 3, 0);
    pages.note(3, 3, 1);
    expect(pageSlices(6, 5).map((slice) => pages.mayHold(slice))).toEqual([true, true]);
  });

  it('keeps every page fetched before the run took the kind over', () => {
    const pages = new StagedPages(12);
    pages.note(12, 20, 0);
    expect(pageSlices(32, 5).map((slice) => pages.mayHold(slice))).toEqual([true, true, true, false, false, false, false]);
  });
});
