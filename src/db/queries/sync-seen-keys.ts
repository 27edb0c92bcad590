import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Database } from '../database.js';
import { rosterRecords, syncSeenKeys } from '../schema/index.js';
import type { RosterKind } from '../../domain/roster.js';
import type { MirrorScope } from './roster-records.js';

/**
 * The keys a full (or selective) sync saw, kept apart from the mirror rows so that a run
 * finding nothing new rewrites no row only to say it saw it; its sweep reads them.
 */
export async function recordSeenKeys(db: Database, runId: string, kind: RosterKind, sourceIds: readonly string[]): Promise<void> {
  if (sourceIds.length === 0) return;
  await db.execute(sql`insert into sync_seen_keys (run_id, kind, source_id)
    select ${runId}::uuid, ${kind}, k from jsonb_array_elements_text(${JSON.stringify(sourceIds)}::jsonb) as k
    on conflict do nothing`);
}

/**
 * Records as seen the live enrollments the mirror holds for `sectionIds`: for a SIS whose
 * section payloads carry their enrollments (Clever), a section fetched unchanged vouches for them.
 */
export async function recordSeenEnrollmentsOf(db: Database, scope: MirrorScope, sectionIds: readonly string[]): Promise<void> {
  if (sectionIds.length === 0) return;
  const sections = sql.join(
    sectionIds.map((id) => sql`${id}`),
    sql`, `,
  );
  await db.execute(sql`insert into sync_seen_keys (run_id, kind, source_id)
    select ${scope.runId}::uuid, 'enrollments', e.source_id from roster_records e
    where e.provider_id = ${scope.providerId}::uuid and e.kind = 'enrollments' and (e.data->>'sectionId') in (${sections}) and e.deleted_run_id is null
    on conflict do nothing`);
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
