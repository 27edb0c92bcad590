import { indexOfId, lowerBoundById } from './paging.js';
import type { SimStatus } from './model.js';

interface StoredRecord {
  readonly id: string;
  readonly status: SimStatus;
}

/**
 * One kind's records kept twice in id order: every record (tombstones included, for OneRoster
 * deltas) and active records only (what plain listings serve). Records are replaced, never
 * edited in place, so a record handed out earlier (e.g. a change's `previous`) stays as it was.
 * Listings are live arrays: they see later mutations, which id-based paging tolerates.
 */
export class SortedRecords<T extends StoredRecord> {
  private readonly byId = new Map<string, T>();
  private readonly all: T[];
  private readonly active: T[];

  /** `records` need not be sorted; duplicate ids are rejected because listings would lie. */
  constructor(kind: string, records: readonly T[]) {
    for (const record of records) {
      if (this.byId.has(record.id)) throw new Error(`duplicate ${kind} id ${record.id}`);
      this.byId.set(record.id, record);
    }
    this.all = isSortedById(records) ? [...records] : [...records].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    this.active = this.all.filter((record) => record.status === 'active');
  }

  get(id: string): T | undefined {
    return this.byId.get(id);
  }

  list(includeDeleted = false): readonly T[] {
    return includeDeleted ? this.all : this.active;
  }

  /** Inserts or replaces by id, keeping both orderings and moving the record out of `active` when tombstoned. */
  put(record: T): void {
    const existed = this.byId.has(record.id);
    this.byId.set(record.id, record);
    replaceOrInsert(this.all, record, existed);
    const activeIndex = indexOfId(this.active, record.id);
    if (record.status === 'active') {
      if (activeIndex >= 0) this.active[activeIndex] = record;
      else this.active.splice(lowerBoundById(this.active, record.id), 0, record);
    } else if (activeIndex >= 0) {
      this.active.splice(activeIndex, 1);
    }
  }
}

function replaceOrInsert<T extends StoredRecord>(sorted: T[], record: T, existed: boolean): void {
  const index = lowerBoundById(sorted, record.id);
  if (existed) sorted[index] = record;
  else sorted.splice(index, 0, record);
}

/** Sorting 500k records costs seconds; input that is already in order (a reload) skips it. */
function isSortedById(records: readonly StoredRecord[]): boolean {
  for (let i = 1; i < records.length; i++) if ((records[i - 1] as StoredRecord).id >= (records[i] as StoredRecord).id) return false;
  return true;
}
