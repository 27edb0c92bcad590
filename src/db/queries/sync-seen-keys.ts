import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Database } from '../database.js';
import { rosterRecords, syncSeenKeys } from '../schema/index.js';
import type { RosterKind } from '../../domain/roster.js';
import type { MirrorScope } from './roster-records.js';

/**
 * The keys a full (or selective) sync saw, kept apart from the mirror rows so that a run
 * finding nothing new rewrites no row only to say it saw it; its sweep reads them.
 */
export async function recordSeenKeys(
  db: Database,
  runId: string,
  kind: RosterKind | typeof ENROLLMENTS_VOUCHED_BY_SECTION,
  sourceIds: readonly string[],
): Promise<void> {
  if (sourceIds.length === 0) return;
  await db.execute(sql`insert into sync_seen_keys (run_id, kind, source_id)
    select ${runId}::uuid, ${kind}, k from jsonb_array_elements_text(${JSON.stringify(sourceIds)}::jsonb) as k
    on conflict do nothing`);
}

/**
 * The seen-key kind under which a section fetched unchanged vouches for its live enrollments,
 * for a SIS whose section payloads carry their enrollments (Clever): one key per section, not
 * one per enrollment (a 100k district has some 490k); the sweep reads both.
 */
export const ENROLLMENTS_VOUCHED_BY_SECTION = 'enrollments-of-section';

/** Records that the live enrollments of `sectionIds` were seen, their sections being unchanged. */
export async function recordSeenEnrollmentsOf(db: Database, runId: string, sectionIds: readonly string[]): Promise<void> {
  await recordSeenKeys(db, runId, ENROLLMENTS_VOUCHED_BY_SECTION, sectionIds);
}

/** Sections this run saw (and kept after scoping): enrollments are in scope when their section is. */
export async function sectionsSeenBy(db: Database, scope: MirrorScope): Promise<Set<string>> {
  const rows = await db
    .select({ sourceId: syncSeenKeys.sourceId })
    .from(syncSeenKeys)
    .innerJoin(
      rosterRecords,
      and(eq(rosterRecords.providerId, scope.providerId), eq(rosterRecords.kind, 'sections'), eq(rosterRecords.sourceId, syncSeenKeys.sourceId)),
    )
    .where(and(eq(syncSeenKeys.runId, scope.runId), eq(syncSeenKeys.kind, 'sections'), isNull(rosterRecords.deletedRunId)));
  return new Set(rows.map((row) => row.sourceId));
}

export async function clearSeenKeys(db: Database, runId: string): Promise<void> {
  await db.delete(syncSeenKeys).where(eq(syncSeenKeys.runId, runId));
}
