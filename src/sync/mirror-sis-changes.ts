import type { Database } from '../db/database.js';
import type { RosterKind } from '../domain/roster.js';
import type { RosterChange, SisClient } from '../providers/index.js';
import { scopeIsEmpty, type SyncScope } from '../domain/sync-scope.js';
import { markDeleted, markDroppedEnrollments } from '../db/queries/roster-deletions.js';
import { coalesceRosterChanges } from './coalesce-roster-changes.js';
import type { MappingLookups } from '../domain/desired-documents.js';
import { upsertRosterBatch, type MirrorScope } from './roster-mirror.js';
import { restrictBatch } from './scope-filter.js';

export interface ChangesPage {
  nextCursor: string | null;
  count: number;
  /** The new high-water mark once the run completes, when the feed defines one (Clever: the last event id applied). */
  highWater?: string;
}

/** One page of the SIS change feed (of `kind`, on a per-kind feed) applied to the mirror in feed order. */
export async function mirrorChangesPage(
  db: Database,
  sis: SisClient,
  scope: MirrorScope,
  request: { kind: RosterKind; since: string; cursor: string | null },
  lookups: MappingLookups,
  syncScope: SyncScope | undefined,
  signal?: AbortSignal,
): Promise<ChangesPage> {
  const page = await sis.fetchChanges({ ...request, ...(signal ? { signal } : {}) });
  await mirrorRosterChanges(db, scope, lookups, page.changes, syncScope);
  return { nextCursor: page.nextCursor, count: page.count, ...(page.highWater !== undefined ? { highWater: page.highWater } : {}) };
}

/**
 * Canonical changes into the mirror (from the change feed or a webhook), in order: deletes
 * mark the records gone; an upsert writes what is inside the scope, and a section that states
 * its complete roster also drops the enrollments that roster no longer lists. Consecutive
 * upserts go in one batch (coalesceRosterChanges): a page of events costs a few statements.
 */
export async function mirrorRosterChanges(
  db: Database,
  scope: MirrorScope,
  lookups: MappingLookups,
  changes: readonly RosterChange[],
  syncScope?: SyncScope,
): Promise<void> {
  // Scoped runs admit an enrollment by the sections of its own batch: keep their batches apart.
  for (const change of scopeIsEmpty(syncScope) ? coalesceRosterChanges(changes) : changes) {
    if (change.op === 'delete') {
      await markDeleted(db, scope, change.kind, change.sourceIds);
      continue;
    }
    await upsertRosterBatch(db, scope, restrictBatch(change.batch, syncScope, new Set()), { lookups, recordSeen: false });
    if (change.completeEnrollmentsOf !== undefined) {
      const keys = (change.batch.enrollments ?? []).map((enrollment) => `${enrollment.sectionId}:${enrollment.userId}`);
      await markDroppedEnrollments(db, scope, change.completeEnrollmentsOf, keys);
    }
  }
}
