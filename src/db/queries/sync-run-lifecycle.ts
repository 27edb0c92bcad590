import { and, desc, eq, isNotNull, ne } from 'drizzle-orm';
import type { SyncCounts, SyncMode, SyncTrigger } from '../../domain/sync-vocabulary.js';
import type { Database } from '../database.js';
import { syncRuns, type SyncRunStatus } from '../schema/index.js';

export interface OpenRunParams {
  tenantId: string;
  providerId: string;
  workflowId: string;
  workflowRunId: string;
  mode: SyncMode;
  trigger: SyncTrigger;
  dryRun: boolean;
  scope?: Record<string, unknown>;
}

/**
 * Opens the run row for a workflow execution; idempotent for a retried activity (same
 * workflow run id → same row). A stale `running` row of the same (tenant, provider) from an
 * execution that no longer exists is closed as failed: Temporal's workflow id already
 * guarantees only one execution runs per pair, so such a row can only be a leftover.
 */
export async function openSyncRun(db: Database, params: OpenRunParams): Promise<string> {
  return db.transaction(async (tx) => {
    const [existing] = await tx.select({ id: syncRuns.id }).from(syncRuns).where(eq(syncRuns.workflowRunId, params.workflowRunId));
    if (existing) return existing.id;
    await tx
      .update(syncRuns)
      .set({ status: 'failed', message: 'superseded: its workflow execution ended without closing the run', finishedAt: new Date() })
      .where(
        and(
          eq(syncRuns.tenantId, params.tenantId),
          eq(syncRuns.providerId, params.providerId),
          eq(syncRuns.status, 'running'),
          ne(syncRuns.workflowRunId, params.workflowRunId),
        ),
      );
    const [row] = await tx
      .insert(syncRuns)
      .values({ ...params, scope: params.scope ?? null })
      .returning({ id: syncRuns.id });
    if (!row) throw new Error('sync run insert returned no row');
    return row.id;
  });
}

export async function updateSyncRun(
  db: Database,
  runId: string,
  changes: { status?: SyncRunStatus; mode?: SyncMode; counts?: SyncCounts; message?: string | null; cursor?: string | null; finished?: boolean },
): Promise<void> {
  await db
    .update(syncRuns)
    .set({
      ...(changes.status ? { status: changes.status } : {}),
      ...(changes.mode ? { mode: changes.mode } : {}),
      ...(changes.counts ? { counts: changes.counts } : {}),
      ...(changes.message !== undefined ? { message: changes.message } : {}),
      ...(changes.cursor !== undefined ? { cursor: changes.cursor } : {}),
      ...(changes.finished ? { finishedAt: new Date() } : {}),
    })
    .where(eq(syncRuns.id, runId));
}

/** The high-water mark of the provider's last completed real run (null: none yet). */
export async function latestCursor(db: Database, providerId: string): Promise<string | null> {
  const [row] = await db
    .select({ cursor: syncRuns.cursor })
    .from(syncRuns)
    .where(and(eq(syncRuns.providerId, providerId), eq(syncRuns.status, 'completed'), eq(syncRuns.dryRun, false), isNotNull(syncRuns.cursor)))
    .orderBy(desc(syncRuns.finishedAt))
    .limit(1);
  return row?.cursor ?? null;
}

/** When the provider's last completed real full (unscoped) sync finished; null when never. */
export async function lastFullSyncAt(db: Database, providerId: string): Promise<Date | null> {
  const [row] = await db
    .select({ finishedAt: syncRuns.finishedAt })
    .from(syncRuns)
    .where(and(eq(syncRuns.providerId, providerId), eq(syncRuns.status, 'completed'), eq(syncRuns.dryRun, false), eq(syncRuns.mode, 'full')))
    .orderBy(desc(syncRuns.finishedAt))
    .limit(1);
  return row?.finishedAt ?? null;
}
