import { Context } from '@temporalio/activity';
import { and, eq } from 'drizzle-orm';
import { recordAudit } from '../src/db/queries/audit-log.js';
import { openSyncRun, updateSyncRun } from '../src/db/queries/sync-run-lifecycle.js';
import { syncPlanItems } from '../src/db/schema/index.js';
import type { RosterKind } from '../src/domain/roster.js';
import { applyBatch, type ApplyCounts } from '../src/sync/apply/apply-batch.js';
import { planChanges, type PlanSummary } from '../src/sync/plan/plan-changes.js';
import { upsertRosterBatch } from '../src/sync/roster-mirror.js';
import { clearStaging, lastStagedPage, readStagedPage, stagePage } from '../src/sync/staging.js';
import { loadSyncTarget } from '../src/sync/sync-target.js';
import type { SyncCounts, TenantSyncInput } from '../src/temporal/sync-contract.js';
import { withFailureTypes } from './failures.js';
import { withKeepAlive } from './keep-alive.js';
import { createSyncClients, type RunRef } from './sync-clients.js';
import type { SyncActivityDeps } from './sync-deps.js';

export interface PreparedRun {
  runId: string;
  fetchKinds: RosterKind[];
  maxAttempts: number;
  approvalTimeoutSeconds: number;
}

/**
 * The sync's activities. They exchange references (run id, kind, cursor, page, batch) with
 * the workflow; roster records and credentials stay in Postgres and the secrets store.
 */
export function createSyncActivities(deps: SyncActivityDeps) {
  const clients = createSyncClients(deps);
  const settingsOf = async (run: RunRef) => (await loadSyncTarget(deps.db, run.tenantId, run.providerId)).settings;

  return {
    async prepareRun(input: Omit<TenantSyncInput, 'continuation'>): Promise<PreparedRun> {
      return withFailureTypes(async () => {
        const target = await loadSyncTarget(deps.db, input.tenantId, input.providerId);
        const { workflowId, runId: workflowRunId } = Context.current().info.workflowExecution ?? { workflowId: 'standalone', runId: 'standalone' };
        const runId = await openSyncRun(deps.db, {
          tenantId: input.tenantId,
          providerId: input.providerId,
          workflowId,
          workflowRunId,
          mode: input.mode,
          trigger: input.trigger,
          dryRun: input.dryRun ?? false,
          ...(input.scope ? { scope: { ...input.scope } } : {}),
        });
        const sis = await clients.sis({ runId, tenantId: input.tenantId, providerId: input.providerId });
        return { runId, fetchKinds: [...sis.fetchKinds], maxAttempts: deps.sync.maxRetryAttempts, approvalTimeoutSeconds: target.settings.deletionApprovalTimeoutSeconds };
      });
    },

    /** One SIS page → staged raw rows. Re-running a page after a crash re-stages the same rows. */
    async fetchPage(input: RunRef & { kind: RosterKind; cursor: string | null; page: number }): Promise<{ nextCursor: string | null; count: number }> {
      return withFailureTypes(async () => {
        const context = Context.current();
        return withKeepAlive(
          () => ({ page: input.page }),
          async () => {
            const sis = await clients.sis(input);
            const page = await sis.fetchPage(input.kind, input.cursor, { signal: context.cancellationSignal });
            await stagePage(deps.db, input.runId, input.kind, input.page, page.records);
            return { nextCursor: page.nextCursor, count: page.records.length };
          },
        );
      });
    },

    /** Staged pages of a kind → canonical records in the mirror; resumes from its last heartbeat. */
    async transformBatch(input: RunRef & { kind: RosterKind }): Promise<{ records: number; errors: number }> {
      return withFailureTypes(async () => {
        const context = Context.current();
        let nextPage = (context.info.heartbeatDetails as { nextPage?: number } | undefined)?.nextPage ?? 0;
        return withKeepAlive(
          () => ({ nextPage }),
          async () => {
            const sis = await clients.sis(input);
            const last = await lastStagedPage(deps.db, input.runId, input.kind);
            let records = 0;
            let errors = 0;
            for (; nextPage <= last; nextPage += 1) {
              const batch = sis.transform(input.kind, await readStagedPage(deps.db, input.runId, input.kind, nextPage));
              records += await upsertRosterBatch(deps.db, input, batch);
              errors += batch.errors.length;
            }
            return { records, errors };
          },
        );
      });
    },

    async planChanges(input: RunRef): Promise<PlanSummary> {
      return withFailureTypes(async () => {
        const { schools: _s, courses: _c, terms: _t, ...lookups } = await clients.lookups(input, await settingsOf(input));
        return withKeepAlive(
          () => ({ planning: input.runId }),
          () => planChanges(deps.db, { tenantId: input.tenantId, runId: input.runId, batchSize: deps.sync.batchSize, lookups }),
        );
      });
    },

    async applyScimBatch(input: RunRef & { batch: number }): Promise<ApplyCounts> {
      return withFailureTypes(async () => {
        return withKeepAlive(
          () => ({ batch: input.batch }),
          async () => {
            const scim = await clients.scim(input);
            const lookups = await clients.lookups(input, await settingsOf(input));
            return applyBatch(deps.db, scim, input, lookups, input.batch);
          },
        );
      });
    },

    /** Held deprovisions become pending (approve) or discarded (discard), with an audit entry. */
    async decideHeldDeletions(input: RunRef & { decision: 'approve' | 'discard'; actor: string }): Promise<number> {
      return withFailureTypes(async () => {
        const rows = await deps.db
          .update(syncPlanItems)
          .set({ status: input.decision === 'approve' ? 'pending' : 'discarded' })
          .where(and(eq(syncPlanItems.runId, input.runId), eq(syncPlanItems.status, 'held')))
          .returning({ seq: syncPlanItems.seq });
        await recordAudit(deps.db, {
          tenantId: input.tenantId,
          runId: input.runId,
          actor: input.actor,
          action: input.decision === 'approve' ? 'sync.deletions.approve' : 'sync.deletions.discard',
          targetType: 'sync_run',
          targetId: input.runId,
          outcome: 'success',
          details: { items: rows.length },
        });
        return rows.length;
      });
    },

    async setRunStatus(input: RunRef & { status: 'running' | 'awaiting_approval'; counts: SyncCounts }): Promise<void> {
      await updateSyncRun(deps.db, input.runId, { status: input.status, counts: input.counts });
    },

    async finishRun(input: RunRef & { status: 'completed' | 'failed' | 'cancelled'; counts: SyncCounts; message: string | null }): Promise<void> {
      return withFailureTypes(async () => {
        await updateSyncRun(deps.db, input.runId, { status: input.status, counts: input.counts, message: input.message, finished: true });
        await clearStaging(deps.db, input.runId);
        await recordAudit(deps.db, {
          tenantId: input.tenantId,
          runId: input.runId,
          actor: 'system',
          action: `sync.run.${input.status}`,
          targetType: 'sync_run',
          targetId: input.runId,
          outcome: input.status === 'completed' ? 'success' : 'failure',
          details: { counts: input.counts, ...(input.message ? { message: input.message } : {}) },
        });
        clients.forget(input.runId);
      });
    },
  };
}
