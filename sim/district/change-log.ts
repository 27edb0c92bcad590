import type { SimChange } from './model.js';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The district's ordered change history, numbered from 1. Clever renders it as events (whose
 * ids derive from `seq`) and only keeps 30 days of them, which is why entries expire: a client
 * holding an older cursor must notice the gap and fall back to a full sync.
 */
export class ChangeLog {
  private changes: SimChange[] = [];
  private lastSeq = 0;

  append(change: Omit<SimChange, 'seq'>): SimChange {
    this.lastSeq += 1;
    const numbered: SimChange = { seq: this.lastSeq, ...change };
    this.changes.push(numbered);
    return numbered;
  }

  /** Changes with seq > afterSeq, oldest first, at most `limit`. */
  after(afterSeq: number, limit: number): readonly SimChange[] {
    // seq values are consecutive within the retained window, so the offset is arithmetic.
    const first = this.changes[0];
    if (first === undefined || limit <= 0) return [];
    const start = Math.max(0, Math.floor(afterSeq) - first.seq + 1);
    return this.changes.slice(start, start + limit);
  }

  oldestRetainedSeq(): number | undefined {
    return this.changes[0]?.seq;
  }

  /** The last seq ever assigned (0 before the first change), even if that change has expired. */
  latestSeq(): number {
    return this.lastSeq;
  }

  expire(now: Date, retentionDays: number): void {
    const cutoff = now.getTime() - retentionDays * DAY_MS;
    // Drop a prefix only, so retained seqs stay consecutive even if an injected clock stepped back.
    const keepFrom = this.changes.findIndex((change) => Date.parse(change.at) >= cutoff);
    this.changes = keepFrom < 0 ? [] : this.changes.slice(keepFrom);
  }
}
