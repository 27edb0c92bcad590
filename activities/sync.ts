import { Context } from '@temporalio/activity';
import { and, eq } from 'drizzle-orm';
import { recordAudit } from '../src/db/queries/audit-log.js';
import { countRunOutcomes } from '../src/db/queries/run-outcome-counts.js';
import { lastFullSyncAt, latestCursor, openSyncRun, updateSyncRun } from '../src/db/queries/sync-run-lifecycle.js';
import { settleClaimedEvents } from '../src/db/queries/webhook-events.js';
import { recordRunFinished } from '../src/metrics/run-metrics.js';
import { syncPlanItems } from '../src/db/schema/index.js';
import type { RosterKind } from '../src/domain/roster.js';
import { applyBatches, type ApplyCounts } from '../src/sync/apply/apply-batch.js';
import { beginPlan, finishPlan, planPart, type PlanRun } from '../src/sync/plan/plan-run.js';
import { upsertRosterBatch } from '../src/sync/roster-mirror.js';
import { rawHashesByMirrorKey } from '../src/sync/raw-hashes-by-mirror-key.js';
import { clearSeenKeys, sectionsSeenBy } from '../src/db/queries/sync-seen-keys.js';
import { forgetUnreadPages } from '../src/db/queries/sis-page-digests.js';
import { clearStaging, lastStagedPage, readStagedPage } from '../src/db/queries/sis-staging.js';
import { stageFetchedPage, type StageOptions } from '../src/sync/stage-fetched-page.js';
import { readAheadPages } from '../src/sync/read-ahead-pages.js';
import type { SisClient } from '../src/providers/types.js';
import { remapStaleDesired } from '../src/sync/remap-desired.js';
import { loadSyncTarget } from '../src/sync/sync-target.js';
import { mirrorChangesPage, type ChangesPage } from '../src/sync/mirror-sis-changes.js';
import { restrictBatch } from '../src/sync/scope-filter.js';
import type { PreparedRunRef, PlanSummary, SyncCounts, SyncScope, TenantSyncInput } from '../src/temporal/sync-contract.js';
import { withFailureTypes } from './failures.js';
import { withKeepAlive } from './keep-alive.js';
import { createSyncClients, type RunRef } from './sync-clients.js';
import type { SyncActivityDeps } from './sync-deps.js';

export type PreparedRun = PreparedRunRef;

/** Keys per planning part: a part's SQL and its update descriptions stay small whatever the district. */
const PLAN_PART_SIZE = 2000;

/**
 * The sync's activities. They exchange references (run id, kind, cursor, page, batch) with
 * the workflow; roster records and credentials stay in Postgres and the secrets store.
 */
export function createSyncActivities(deps: SyncActivityDeps) {
  const clients = createSyncClients(deps);
  const settingsOf = async (run: RunRef) => (await loadSyncTarget(deps.db, run.tenantId, run.providerId)).settings;
  const planRun = (input: RunRef & { mode: 'full' | 'incremental'; scope?: SyncScope }): PlanRun => ({
    tenantId: input.tenantId,
    providerId: input.providerId,
    runId: input.runId,
    mode: input.mode,
    partSize: deps.sync.planPartSize ?? PLAN_PART_SIZE,
    ...(input.scope ? { scope: input.scope } : {}),
  });

  const stageOptions = (sis: SisClient, input: { skipUnchanged?: boolean }): StageOptions => ({
    skipUnchanged: input.skipUnchanged === true,
    enrollmentsInSections: !sis.fetchKinds.includes('enrollments'),
    mirrorKey: (kind, record) => sis.mirrorKey(kind, record),
  });

  /** Consecutive apply batches, one after the other; a later attempt looks up the creates of each (applyBatches). */
  const applyScimBatches = async (input: RunRef & { batches: number[] }): Promise<ApplyCounts> =>
    withFailureTypes(() =>
      withKeepAlive(
        () => ({ batches: input.batches }),
        async () => {
          const scim = await clients.scim(input);
          const lookups = await clients.lookupsForApply(input, () => settingsOf(input));
          return applyBatches(deps.db, scim, input, lookups, input.batches, Context.current().info.attempt > 1);
        },
      ),
    );

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
        const run = { runId, tenantId: input.tenantId, providerId: input.providerId };
        const sis = await clients.sis(run);
        const base = {
          runId,
          fetchKinds: [...sis.fetchKinds],
          maxAttempts: deps.sync.maxRetryAttempts,
          outageBudgetSeconds: deps.sync.outageBudgetSeconds,
          approvalTimeoutSeconds: target.settings.deletionApprovalTimeoutSeconds,
          historyBudget: deps.sync.historyBudget,
          providerKind: target.providerKind,
          changeFeed: sis.changeFeed,
          offsetPaging: sis.pageCursor !== undefined,
        };
        if (input.mode === 'incremental' && input.trigger === 'schedule') {
          const lastFull = await lastFullSyncAt(deps.db, input.providerId);
          if (!lastFull || Date.now() - lastFull.getTime() > deps.sync.fullSyncIntervalSeconds * 1000) {
            const message = 'periodic full sync: the last full sync is older than FULL_SYNC_INTERVAL';
            await updateSyncRun(deps.db, runId, { message, mode: 'full' });
            return { ...base, mode: 'full', since: null, highWater: await sis.startingHighWater(new Date()), message };
          }
        }
        // Webhook runs apply stored events, not the SIS feed: no cursor needed, and none moves (highWater null).
        if (input.mode === 'incremental' && input.eventSource === 'webhook')
          return { ...base, mode: 'incremental', since: null, highWater: null, message: null };
        if (input.mode === 'incremental') {
          const since = await latestCursor(deps.db, input.providerId);
          if (since) return { ...base, mode: 'incremental', since, highWater: sis.incrementalHighWater(since, new Date()), message: null };
          const message = 'no cursor from an earlier completed sync: fell back to a full sync';
          await updateSyncRun(deps.db, runId, { message, mode: 'full' });
          return { ...base, mode: 'full', since: null, highWater: await sis.startingHighWater(new Date()), message };
        }
        return { ...base, mode: 'full', since: null, highWater: await sis.startingHighWater(new Date()), message: null };
      });
    },

    /**
     * One SIS page → staged raw rows; with `skipUnchanged` (a full, unscoped sync) only the
     * payloads the mirror does not already hold (see stageFetchedPage). With `byOffset` the page
     * is named by its number alone (SisClient.pageCursor). Re-running a page after a crash
     * re-stages the same rows.
     */
    async fetchPage(
      input: RunRef & { kind: RosterKind; cursor: string | null; page: number; skipUnchanged?: boolean; byOffset?: boolean },
    ): Promise<{ nextCursor: string | null; count: number; staged: number }> {
      return withFailureTypes(async () => {
        const context = Context.current();
        return withKeepAlive(
          () => ({ page: input.page }),
          async () => {
            const sis = await clients.sis(input);
            // `byOffset`: the workflow fetches pages side by side and names each by its number.
            const cursor = input.byOffset && sis.pageCursor ? sis.pageCursor(input.page) : input.cursor;
            const page = await sis.fetchPage(input.kind, cursor, { signal: context.cancellationSignal });
            const { staged } = await stageFetchedPage(deps.db, input, input.kind, input.page, page, stageOptions(sis, input));
            return { nextCursor: page.nextCursor, count: page.records.length, staged };
          },
        );
      });
    },

    /**
     * Up to `pages` consecutive SIS pages from `cursor` (or, `byOffset`, from page `page`) →
     * staged raw rows, as fetchPage does for one, each page requested while the one before is
     * staged (readAheadPages): fewer activities per kind, and the SIS prepares a page while the
     * bridge writes the last. Heartbeats where it stands after each staged page, and a retry
     * carries on from there. `staged` counts the records staged for the transform (an attempt
     * resumed from a heartbeat without that count reports every record it fetched).
     */
    async fetchPageRun(
      input: RunRef & { kind: RosterKind; cursor: string | null; page: number; pages: number; skipUnchanged?: boolean; byOffset?: boolean },
    ): Promise<{ nextCursor: string | null; pages: number; count: number; staged: number }> {
      return withFailureTypes(async () => {
        const context = Context.current();
        const resumed = context.info.heartbeatDetails as { cursor: string | null; page: number; count: number; staged?: number } | undefined;
        let at = resumed ? { ...resumed, staged: resumed.staged ?? resumed.count } : { cursor: input.cursor, page: input.page, count: 0, staged: 0 };
        return withKeepAlive(
          () => at,
          async () => {
            const sis = await clients.sis(input);
            // `byOffset`: the workflow runs several of these side by side and names each run's first page by its number.
            if (!resumed && input.byOffset && sis.pageCursor) at = { ...at, cursor: sis.pageCursor(input.page) };
            const request = (cursor: string | null, signal: AbortSignal) => sis.fetchPage(input.kind, cursor, { signal });
            const left = input.page + input.pages - at.page;
            // An earlier attempt that staged the last page, or its share, left nothing to do.
            const done = at.page > input.page && (at.cursor === null || left <= 0);
            if (!done)
              for await (const page of readAheadPages(request, at.cursor, left, context.cancellationSignal)) {
                const { staged } = await stageFetchedPage(deps.db, input, input.kind, at.page, page, stageOptions(sis, input));
                at = { cursor: page.nextCursor, page: at.page + 1, count: at.count + page.records.length, staged: at.staged + staged };
                context.heartbeat(at);
              }
            return { nextCursor: at.cursor, pages: at.page - input.page, count: at.count, staged: at.staged };
          },
        );
      });
    },

    /** Incremental: one page of the SIS change feed (of `kind`, on a per-kind feed) into the mirror. */
    async fetchChangesPage(input: RunRef & { kind: RosterKind; cursor: string | null; since: string; scope?: SyncScope }): Promise<ChangesPage> {
      return withFailureTypes(async () => {
        const context = Context.current();
        return withKeepAlive(
          () => ({ kind: input.kind, cursor: input.cursor }),
          async () => {
            const sis = await clients.sis(input);
            const lookups = await clients.lookups(input, await settingsOf(input));
            return mirrorChangesPage(
              deps.db,
              sis,
              input,
              { kind: input.kind, since: input.since, cursor: input.cursor },
              lookups,
              input.scope,
              context.cancellationSignal,
            );
          },
        );
      });
    },

    /** The incremental cursor is no longer served by the SIS (SisCursorExpiredError): this run goes full. */
    async beginFullFallback(input: RunRef & { reason: string }): Promise<{ highWater: string | null }> {
      return withFailureTypes(async () => {
        await updateSyncRun(deps.db, input.runId, { message: input.reason, mode: 'full' });
        return { highWater: await (await clients.sis(input)).startingHighWater(new Date()) };
      });
    },

    /**
     * Staged pages `fromPage`..`toPage` of a kind → canonical records in the mirror, each user
     * and section with the hash of its desired SCIM document. Resumes from its last heartbeat.
     * The workflow schedules many of these side by side, so every worker takes a share.
     */
    async transformBatch(
      input: RunRef & { kind: RosterKind; scope?: SyncScope; fromPage?: number; toPage?: number },
    ): Promise<{ records: number; errors: number }> {
      return withFailureTypes(async () => {
        const context = Context.current();
        let nextPage = (context.info.heartbeatDetails as { nextPage?: number } | undefined)?.nextPage ?? input.fromPage ?? 0;
        return withKeepAlive(
          () => ({ nextPage }),
          async () => {
            const sis = await clients.sis(input);
            const lookups = await clients.lookups(input, await settingsOf(input));
            const last = input.toPage ?? (await lastStagedPage(deps.db, input.runId, input.kind));
            const sectionsInScope = input.scope && input.kind === 'enrollments' ? await sectionsSeenBy(deps.db, input) : new Set<string>();
            let records = 0;
            let errors = 0;
            for (; nextPage <= last; nextPage += 1) {
              const staged = await readStagedPage(deps.db, input.runId, input.kind, nextPage);
              const transformed = sis.transform(
                input.kind,
                staged.map((record) => record.payload),
              );
              const batch = restrictBatch(transformed, input.scope, sectionsInScope);
              const rawHashes = { kind: input.kind, byMirrorKey: rawHashesByMirrorKey(staged, (record) => sis.mirrorKey(input.kind, record)) };
              records += await upsertRosterBatch(deps.db, input, batch, { lookups, recordSeen: true, rawHashes });
              errors += batch.errors.length;
            }
            return { records, errors };
          },
        );
      });
    },

    /**
     * Planning, first step: a full, unscoped sync first maps again the records its fetch left
     * untransformed if the names or settings they map with changed (remapStaleDesired); then
     * the sweep (full syncs) and the plan cut into parts; returns how many.
     */
    async beginPlan(input: RunRef & { mode: 'full' | 'incremental'; scope?: SyncScope }): Promise<{ parts: number }> {
      return withFailureTypes(async () =>
        withKeepAlive(
          () => ({ planning: input.runId }),
          async () => {
            if (input.mode === 'full' && !input.scope) {
              await remapStaleDesired(deps.db, input, await clients.lookups(input, await settingsOf(input)));
              await forgetUnreadPages(deps.db, input);
            }
            return { parts: await beginPlan(deps.db, planRun(input)) };
          },
        ),
      );
    },

    /** One part of the plan, on whichever worker takes it. */
    async planPart(input: RunRef & { mode: 'full' | 'incremental'; scope?: SyncScope; part: number }): Promise<void> {
      return withFailureTypes(async () => {
        const lookups = await clients.lookups(input, await settingsOf(input));
        return withKeepAlive(
          () => ({ part: input.part }),
          () => planPart(deps.db, planRun(input), input.part, lookups),
        );
      });
    },

    /** Planning, last step: counts, the deletion-safety hold, and the apply batches. */
    async finishPlan(input: RunRef): Promise<PlanSummary> {
      return withFailureTypes(async () => {
        const settings = await settingsOf(input);
        return withKeepAlive(
          () => ({ planning: input.runId }),
          () => finishPlan(deps.db, input, deps.sync.batchSize, settings.deletionThreshold),
        );
      });
    },

    /** One apply batch (runs recorded before the apply-batch-runs patch). */
    async applyScimBatch(input: RunRef & { batch: number }): Promise<ApplyCounts> {
      const { batch, ...ref } = input;
      return applyScimBatches({ ...ref, batches: [batch] });
    },

    /** Consecutive apply batches in one activity (workflows/sync-fan-out.ts: BATCHES_PER_APPLY). */
    applyScimBatches,

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
      return withFailureTypes(() => updateSyncRun(deps.db, input.runId, { status: input.status, counts: input.counts }));
    },

    /**
     * Closes the run; the high-water mark is stored only now, after its changes were applied.
     * The write counts stored (and returned) are read back from the run's settled plan items
     * and audit entries, not taken from the workflow's running totals, which miss every batch
     * whose result was lost after its commit.
     */
    async finishRun(
      input: RunRef & { status: 'completed' | 'failed' | 'cancelled'; counts: SyncCounts; message: string | null; highWater?: string | null },
    ): Promise<SyncCounts> {
      return withFailureTypes(async () => {
        const cursor = input.status === 'completed' && input.highWater ? { cursor: input.highWater } : {};
        const counts: SyncCounts = { ...input.counts, ...(await countRunOutcomes(deps.db, input.runId)) };
        await updateSyncRun(deps.db, input.runId, { status: input.status, counts, message: input.message, finished: true, ...cursor });
        await clearStaging(deps.db, input.runId);
        await clearSeenKeys(deps.db, input.runId);
        await settleClaimedEvents(deps.db, input.runId, input.status === 'completed');
        await recordAudit(deps.db, {
          tenantId: input.tenantId,
          runId: input.runId,
          actor: 'system',
          action: `sync.run.${input.status}`,
          targetType: 'sync_run',
          targetId: input.runId,
          outcome: input.status === 'completed' ? 'success' : 'failure',
          details: { counts, ...(input.message ? { message: input.message } : {}) },
        });
        clients.forget(input.runId);
        await recordRunFinished(deps.db, input.runId, input.status);
        return counts;
      });
    },
  };
}
