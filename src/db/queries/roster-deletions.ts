import { and, eq, inArray, isNull, sql, type SQL } from 'drizzle-orm';
import type { Database } from '../database.js';
import { rosterRecords } from '../schema/index.js';
import type { RosterKind } from '../../domain/roster.js';
import type { SyncScope } from '../../domain/sync-scope.js';
import type { MirrorScope } from './roster-records.js';
import { scopePredicate } from './roster-scope.js';
import { ENROLLMENTS_VOUCHED_BY_SECTION, seenByRun } from './sync-seen-keys.js';

/**
 * Deletion marks in the roster mirror: a record marked deleted by a run is planned as a
 * deprovision (or a membership removal) by that run.
 */

/** Records the SIS says are gone (events, tobedeleted), marked by this run. */
export async function markDeleted(db: Database, scope: MirrorScope, kind: RosterKind, sourceIds: readonly string[]): Promise<number> {
  let marked = 0;
  for (let start = 0; start < sourceIds.length; start += 1000) {
    const rows = await markLiveRecords(db, scope, kind, inArray(rosterRecords.sourceId, sourceIds.slice(start, start + 1000))).returning({
      sourceId: rosterRecords.sourceId,
    });
    marked += rows.length;
  }
  if (kind === 'sections' && sourceIds.length > 0) {
    // A deleted section takes its enrollments with it.
    await db.execute(sql`update roster_records set deleted_run_id = ${scope.runId}, changed_run_id = ${scope.runId}, updated_at = now()
      where provider_id = ${scope.providerId} and kind = 'enrollments' and deleted_run_id is null
        and data->>'sectionId' = any(array[${sql.join(
          sourceIds.map((id) => sql`${id}`),
          sql`, `,
        )}]::text[])`);
  }
  return marked;
}

/**
 * A Clever section event carries the section's whole roster: enrollments of the section that
 * are not in it any more are gone.
 */
export async function markDroppedEnrollments(db: Database, scope: MirrorScope, sectionId: string, keepKeys: readonly string[]): Promise<void> {
  const keep = keepKeys.length
    ? sql`and source_id <> all(array[${sql.join(
        keepKeys.map((key) => sql`${key}`),
        sql`, `,
      )}]::text[])`
    : sql``;
  await db.execute(sql`update roster_records set deleted_run_id = ${scope.runId}, changed_run_id = ${scope.runId}, updated_at = now()
    where provider_id = ${scope.providerId} and kind = 'enrollments' and deleted_run_id is null and data->>'sectionId' = ${sectionId} ${keep}`);
}

/**
 * Full sync sweep: what this run did not see, within its kinds and scope, is gone. A record
 * the SIS did send but that failed to transform this time is not "unseen": it stays.
 */
export async function markUnseenDeleted(db: Database, scope: MirrorScope, kinds: readonly RosterKind[], syncScope: SyncScope | undefined): Promise<void> {
  for (const kind of kinds) {
    const predicate = scopePredicate(kind, syncScope);
    await markLiveRecords(
      db,
      scope,
      kind,
      and(
        sql`not ${seenByRun(scope.runId, kind, sql`roster_records.source_id`)}`,
        ...(kind === 'enrollments' ? [notVouchedBySection(scope.runId)] : []),
        sql`source_id not in (select e.source_id from sync_record_errors e where e.run_id = ${scope.runId} and e.kind = ${kind})`,
        ...(predicate ? [predicate] : []),
      )!,
    );
  }
}

/** An enrollment whose section was fetched unchanged was seen with it (recordSeenEnrollmentsOf). */
function notVouchedBySection(runId: string): SQL {
  return sql`not ${seenByRun(runId, ENROLLMENTS_VOUCHED_BY_SECTION, sql`roster_records.data->>'sectionId'`)}`;
}

/** Marks the provider's live records of `kind` that match `which` as deleted by this run. */
function markLiveRecords(db: Database, scope: MirrorScope, kind: RosterKind, which: SQL) {
  return db
    .update(rosterRecords)
    .set({ deletedRunId: scope.runId, changedRunId: scope.runId, updatedAt: new Date() })
    .where(and(eq(rosterRecords.providerId, scope.providerId), eq(rosterRecords.kind, kind), isNull(rosterRecords.deletedRunId), which));
}
