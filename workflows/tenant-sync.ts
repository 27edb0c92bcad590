import {
  ApplicationFailure,
  CancellationScope,
  condition,
  ContinueAsNew,
  continueAsNew,
  isCancellation,
  patched,
  proxyActivities,
  setCurrentDetails,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { createSeatActivities } from '../activities/seats.js';
import type { createSyncActivities } from '../activities/sync.js';
import type { createWebhookActivities } from '../activities/webhooks.js';
import { describeSeatCounts } from '../src/domain/seats/seat-state.js';
import { SIS_PROVIDER, SYNC_MODE, SYNC_TRIGGER, TENANT_ID } from '../src/temporal/search-attributes.js';
import {
  approveDeletionsUpdate,
  discardDeletionsUpdate,
  emptyCounts,
  progressQuery,
  type DeletionDecision,
  type SyncContinuation,
  type SyncProgress,
  type TenantSyncInput,
  type TenantSyncResult,
} from '../src/temporal/sync-contract.js';
import { kindsToFetch } from '../src/domain/sync-scope.js';
import { notifyDeletionsHeld, notifyRunFailed, notifySeatPoolsExhausted } from './notify.js';
import { addCounts, describeProgress, failureMessage, failureType } from './sync-progress.js';
import { pageSlices, runPool, runUntilEnd, Slots } from './run-pool.js';
import { applyPhaseBatches } from './apply-phase.js';
import { StagedPages } from './staged-pages.js';
import {
  FETCH_BY_OFFSET,
  FETCH_LANES,
  FETCH_PAGE_RUNS,
  PAGES_PER_RUN,
  PLAN_CONCURRENCY,
  TRANSFORM_CONCURRENCY,
  SKIP_UNSTAGED_TRANSFORMS,
  TRANSFORM_PAGES,
  VERIFY_ALONGSIDE_FETCH,
} from './sync-fan-out.js';
import { isInfrastructureOutage, waitingOutOutages } from './outage-budget.js';
import { describeFailure } from './failure-cause.js';
import { verifyTarget } from './verify-target.js';
import { describeRepairs } from '../src/domain/target-repairs.js';

type SyncActivities = ReturnType<typeof createSyncActivities>;
type SeatActivities = ReturnType<typeof createSeatActivities>;

/** Before prepareRun has read the configured budget, a database or network outage at the start is waited out this long. */
const PREPARE_OUTAGE_BUDGET_SECONDS = 600;

const { prepareRun } = waitingOutOutages(
  proxyActivities<SyncActivities>({ startToCloseTimeout: '2 minutes', retry: { maximumAttempts: 5 } }),
  PREPARE_OUTAGE_BUDGET_SECONDS,
  isInfrastructureOutage,
);

/** Kinds whose records map with the names of schools, terms and courses. */
const MAPPED_KINDS: readonly string[] = ['users', 'sections', 'enrollments'];

/**
 * One sync of one (tenant, provider). Data flows: fetch pages →
 * transform → plan → apply in phases (users, groups, memberships, deprovisions last) →
 * finish. Only references cross this boundary; records stay in Postgres.
 */
export async function tenantSync(input: TenantSyncInput): Promise<TenantSyncResult> {
  const progress: SyncProgress = {
    runId: input.continuation?.runId ?? null,
    tenantId: input.tenantId,
    providerId: input.providerId,
    mode: input.mode,
    dryRun: input.dryRun ?? false,
    phase: 'preparing',
    kind: null,
    counts: input.continuation?.counts ?? emptyCounts(),
    heldDeletions: 0,
    message: null,
  };
  let decision: { choice: 'approve' | 'discard'; actor: string } | undefined;
  // Rejected Updates leave no trace in history: validators run before acceptance.
  const acceptOnlyWhileHeld = (_decision: DeletionDecision) => {
    if (progress.phase !== 'awaiting_approval' || decision) throw new Error('no deletions are held for approval');
  };
  setHandler(progressQuery, () => progress);
  setHandler(
    approveDeletionsUpdate,
    ({ actor }: DeletionDecision) => {
      decision = { choice: 'approve', actor };
      return { approved: progress.heldDeletions };
    },
    { validator: acceptOnlyWhileHeld },
  );
  setHandler(
    discardDeletionsUpdate,
    ({ actor }: DeletionDecision) => {
      decision = { choice: 'discard', actor };
      return { discarded: progress.heldDeletions };
    },
    { validator: acceptOnlyWhileHeld },
  );
  upsertSearchAttributes([
    { key: TENANT_ID, value: input.tenantId },
    { key: SYNC_MODE, value: input.mode },
    { key: SYNC_TRIGGER, value: input.trigger },
  ]);
  const report = (phase: SyncProgress['phase'], kind: SyncProgress['kind'] = null) => {
    progress.phase = phase;
    progress.kind = kind;
    setCurrentDetails(describeProgress(progress));
  };

  const { continuation: _ignored, ...request } = input;
  // Not cancellable: once prepareRun has opened the run row, the run must get to record how it
  // ended; a cancellation requested meanwhile is delivered at the next step, inside the try.
  const prepared: SyncContinuation = input.continuation ?? {
    ...(await CancellationScope.nonCancellable(() => prepareRun(request))),
    stage: { name: 'fetch', kindIndex: 0, cursor: null, page: 0 },
    counts: progress.counts,
  };
  if (!input.continuation && prepared.mode === 'incremental') prepared.stage = { name: 'changes', kindIndex: 0, cursor: null };
  progress.runId = prepared.runId;
  progress.message = prepared.message;
  // SyncMode says what the run really does (an incremental may have become full).
  upsertSearchAttributes([
    { key: SIS_PROVIDER, value: prepared.providerKind },
    { key: SYNC_MODE, value: input.mode === 'selective' ? 'selective' : prepared.mode },
  ]);
  const run = { runId: prepared.runId, tenantId: input.tenantId, providerId: input.providerId };
  const scope = input.scope ? { scope: input.scope } : {};
  const retry = { maximumAttempts: prepared.maxAttempts, initialInterval: '1 second', backoffCoefficient: 2 };
  // Activities heartbeat every 5 s, so a dead worker's work is retried elsewhere within 20 s.
  // An outage (database, network, SCIM target or SIS unavailable) is waited out for the budget;
  // anything else fails after MAX_RETRY_ATTEMPTS.
  const outageBudget = prepared.outageBudgetSeconds ?? 0;
  const activities = waitingOutOutages(
    proxyActivities<SyncActivities>({ startToCloseTimeout: '30 minutes', heartbeatTimeout: '20 seconds', retry }),
    outageBudget,
  );
  // The fan-out steps (transform slices, plan parts, apply batches) go through the task queue,
  // never eagerly to the worker that ran this workflow task: eager dispatch would hand nearly
  // all of a run to the one worker holding the workflow, and the others would idle.
  const shared = waitingOutOutages(
    proxyActivities<SyncActivities>({ startToCloseTimeout: '30 minutes', heartbeatTimeout: '20 seconds', retry, allowEagerDispatch: false }),
    outageBudget,
  );
  const bookkeeping = waitingOutOutages(proxyActivities<SyncActivities>({ startToCloseTimeout: '1 minute', retry: { maximumAttempts: 10 } }), outageBudget);
  const seats = waitingOutOutages(proxyActivities<SeatActivities>({ startToCloseTimeout: '30 minutes', heartbeatTimeout: '20 seconds', retry }), outageBudget);
  const continueFrom = (stage: SyncContinuation['stage']) =>
    continueAsNew<typeof tenantSync>({ ...input, continuation: { ...prepared, message: progress.message, stage, counts: progress.counts } });
  const historyFull = () => workflowInfo().continueAsNewSuggested || workflowInfo().historyLength > prepared.historyBudget;
  const transformSlots = new Slots(TRANSFORM_CONCURRENCY);

  try {
    let stage = prepared.stage;
    if (stage.name === 'changes' && input.eventSource === 'webhook') {
      // A webhook run applies the events the API stored instead of reading the SIS feed; the SIS cursor stays put.
      const webhookEvents = proxyActivities<ReturnType<typeof createWebhookActivities>>({
        startToCloseTimeout: '30 minutes',
        heartbeatTimeout: '20 seconds',
        retry,
      });
      report('fetching');
      for (let more = true; more;) {
        if (historyFull()) return await continueFrom({ name: 'changes', kindIndex: 0, cursor: null });
        const page = await webhookEvents.applyWebhookEventsPage(run);
        progress.counts.fetched += page.count;
        more = page.more;
      }
      stage = { name: 'fetch', kindIndex: prepared.fetchKinds.length, cursor: null, page: 0 };
    }
    if (stage.name === 'changes') {
      // A one-stream feed (Clever events) is read once for every kind; a per-kind feed (OneRoster deltas) kind by kind.
      const oneStream = prepared.changeFeed === 'one-stream';
      const kinds = oneStream ? prepared.fetchKinds.slice(0, 1) : kindsToFetch(prepared.fetchKinds, input.scope);
      try {
        for (let kindIndex = stage.kindIndex; kindIndex < kinds.length; kindIndex += 1) {
          const kind = kinds[kindIndex]!;
          let cursor = kindIndex === stage.kindIndex ? stage.cursor : null;
          report('fetching', oneStream ? null : kind);
          do {
            if (historyFull()) return await continueFrom({ name: 'changes', kindIndex, cursor });
            const page = await activities.fetchChangesPage({ ...run, ...scope, kind, cursor, since: prepared.since! });
            progress.counts.fetched += page.count;
            if (page.highWater) prepared.highWater = page.highWater;
            cursor = page.nextCursor;
          } while (cursor !== null);
        }
        stage = { name: 'fetch', kindIndex: prepared.fetchKinds.length, cursor: null, page: 0 };
      } catch (error) {
        if (failureType(error) !== 'SisCursorExpiredError') throw error;
        const reason = `${failureMessage(error)}: fell back to a full sync`;
        prepared.highWater = (await activities.beginFullFallback({ ...run, reason })).highWater;
        prepared.mode = 'full';
        progress.message = reason;
        upsertSearchAttributes([{ key: SYNC_MODE, value: 'full' }]);
        stage = { name: 'fetch', kindIndex: 0, cursor: null, page: 0 };
      }
    }
    if (stage.name === 'fetch') {
      const kinds = prepared.mode === 'incremental' ? [] : kindsToFetch(prepared.fetchKinds, input.scope);
      // A kind's transform runs while the next kind is fetched: the SIS and the database work
      // at the same time. Users and sections map with the names of schools, terms and courses,
      // so they wait for those; enrollments wait for sections (scoping needs them); and a
      // continue-as-new waits for all, since the next run starts from fetched-and-transformed kinds.
      const transforms: Array<Promise<void>> = [];
      const transformsDone = async () => {
        await Promise.all(transforms.splice(0));
      };
      // A full sync reads the target back (so the plan also repairs drift made there) while
      // the SIS is read and transformed: the read-back touches only the record of what was
      // applied, never the mirror, and planning waits for both.
      const verifies = prepared.mode === 'full' && !input.scope && stage.verified !== true;
      const verifying = verifies && patched(VERIFY_ALONGSIDE_FETCH) ? verifyTarget({ ...run, dryRun: progress.dryRun }, retry) : undefined;
      // Observed below; this keeps a failure meanwhile from being an unhandled rejection.
      verifying?.catch(() => {});
      const verifiedSoFar = async (): Promise<boolean> => {
        if (!verifying) return stage.name === 'fetch' && stage.verified === true;
        const repairs = await verifying;
        if (repairs) progress.counts.repairs = repairs;
        return true;
      };
      for (let kindIndex = stage.kindIndex; kindIndex < kinds.length; kindIndex += 1) {
        const kind = kinds[kindIndex]!;
        let cursor = kindIndex === stage.kindIndex ? stage.cursor : null;
        let page = kindIndex === stage.kindIndex ? stage.page : 0;
        report('fetching', kind);
        const continueFetchFrom = async (from: { cursor: string | null; page: number }) => {
          await transformsDone();
          const verified = await verifiedSoFar();
          return await continueFrom({ name: 'fetch', kindIndex, ...from, ...(verified ? { verified } : {}) });
        };
        // An unscoped full sync stages only the payloads the mirror does not already hold.
        const skipUnchanged = input.scope ? {} : { skipUnchanged: true };
        const stagedPages = new StagedPages(page);
        if (prepared.offsetPaging && patched(FETCH_BY_OFFSET)) {
          // Task n: the pages from `from` + n × perTask (past the end: empty); at the history budget, carry on from the first not started.
          const perTask = patched(FETCH_PAGE_RUNS) ? PAGES_PER_RUN : 1;
          const from = page;
          const pagesOf = new Map<number, number>();
          const fetchRunAt = async (n: number) => {
            const at = { ...run, kind, cursor: null, page: from + n * perTask, byOffset: true, ...skipUnchanged };
            const result = perTask > 1 ? await shared.fetchPageRun({ ...at, pages: perTask }) : { ...(await shared.fetchPage(at)), pages: 1 };
            progress.counts.fetched += result.count;
            stagedPages.note(at.page, result.pages, result.staged);
            pagesOf.set(n, result.pages);
            return result.nextCursor === null;
          };
          const fetched = await runUntilEnd(0, FETCH_LANES, fetchRunAt, historyFull);
          if (fetched.end === undefined || fetched.next < fetched.end) return await continueFetchFrom({ cursor: null, page: from + fetched.next * perTask });
          page = from + (fetched.end - 1) * perTask + pagesOf.get(fetched.end - 1)!;
        } else {
          const pageRuns = patched(FETCH_PAGE_RUNS);
          do {
            if (historyFull()) return await continueFetchFrom({ cursor, page });
            const fetched = pageRuns
              ? await activities.fetchPageRun({ ...run, kind, cursor, page, pages: PAGES_PER_RUN, ...skipUnchanged })
              : { ...(await activities.fetchPage({ ...run, kind, cursor, page, ...skipUnchanged })), pages: 1 };
            progress.counts.fetched += fetched.count;
            stagedPages.note(page, fetched.pages, fetched.staged);
            cursor = fetched.nextCursor;
            page += fetched.pages;
          } while (cursor !== null);
        }
        if (MAPPED_KINDS.includes(kind)) await transformsDone();
        // Pages in slices, side by side: every worker polling the queue takes a share; a slice of pages that staged nothing has nothing to transform.
        const skipUnstaged = patched(SKIP_UNSTAGED_TRANSFORMS);
        for (const slice of pageSlices(page, TRANSFORM_PAGES)) {
          if (skipUnstaged && !stagedPages.mayHold(slice)) continue;
          const transform = transformSlots
            .run(() => shared.transformBatch({ ...run, ...scope, kind, ...slice }))
            .then((transformed) => {
              progress.counts.failed += transformed.errors;
            });
          // Observed by transformsDone(); this keeps a failure meanwhile from being an unhandled rejection.
          transform.catch(() => {});
          transforms.push(transform);
        }
      }
      report('transforming');
      await transformsDone();
      if (verifying) {
        report('verifying');
        await verifiedSoFar();
      } else if (verifies) {
        // Runs started before the read-back moved alongside the fetch read the target here.
        report('verifying');
        const repairs = await verifyTarget({ ...run, dryRun: progress.dryRun }, retry);
        if (repairs) progress.counts.repairs = repairs;
      }
      report('planning');
      const { parts } = await activities.beginPlan({ ...run, ...scope, mode: prepared.mode });
      stage = { name: 'plan', part: 0, parts };
    }
    if (stage.name === 'plan') {
      report('planning');
      for (let part = stage.part; part < stage.parts; part += PLAN_CONCURRENCY * 4) {
        if (historyFull()) return await continueFrom({ name: 'plan', part, parts: stage.parts });
        const chunk = Array.from({ length: Math.min(PLAN_CONCURRENCY * 4, stage.parts - part) }, (_, index) => part + index);
        await runPool(chunk, PLAN_CONCURRENCY, (planned) => shared.planPart({ ...run, ...scope, mode: prepared.mode, part: planned }));
      }
      const plan = await activities.finishPlan(run);
      progress.counts.heldDeletions = plan.held;
      progress.heldDeletions = plan.held;
      stage = { name: 'apply', plan, phaseIndex: 0, batchIndex: 0 };
      if (progress.dryRun) {
        progress.message = `dry run: ${plan.creates} to create, ${plan.updates} to update, ${plan.deprovisions} to deprovision, ${plan.membershipChanges} membership changes`;
        if (progress.counts.repairs) progress.message += `; ${describeRepairs(progress.counts.repairs)}`;
        return await finish('completed');
      }
    }

    const { plan } = stage;
    for (let phaseIndex = stage.phaseIndex; phaseIndex < plan.phases.length; phaseIndex += 1) {
      const phase = plan.phases[phaseIndex]!;
      if (phase.phase === 'deprovisions' && plan.held > 0) {
        report('awaiting_approval');
        await bookkeeping.setRunStatus({ ...run, status: 'awaiting_approval', counts: progress.counts });
        await notifyDeletionsHeld(run, plan.held, prepared.approvalTimeoutSeconds);
        const decided = await condition(() => decision !== undefined, prepared.approvalTimeoutSeconds * 1000);
        const choice = decided && decision ? decision : { choice: 'discard' as const, actor: 'system:approval-timeout' };
        await activities.decideHeldDeletions({ ...run, decision: choice.choice, actor: choice.actor });
        await bookkeeping.setRunStatus({ ...run, status: 'running', counts: progress.counts });
        progress.heldDeletions = 0;
        if (choice.choice === 'discard') {
          progress.message = decided ? 'held deletions discarded' : 'held deletions discarded: no decision before the approval timeout';
          continue;
        }
      }
      report('applying');
      const first = phaseIndex === stage.phaseIndex ? stage.batchIndex : 0;
      const next = await applyPhaseBatches(phase.batches, first, {
        batches: (batches) => shared.applyScimBatches({ ...run, batches }),
        batch: (batch) => shared.applyScimBatch({ ...run, batch }),
        applied: (counts) => {
          addCounts(progress.counts, counts);
          setCurrentDetails(describeProgress(progress));
        },
        historyFull,
      });
      if (next !== undefined) return await continueFrom({ name: 'apply', plan, phaseIndex, batchIndex: next });
    }
    // After every phase, deprovisions included: a held or discarded deprovision leaves the
    // SCIM User active, which is what keeps that user's seat (src/seats/reconcile-pool-seats.ts).
    if (progress.counts.repairs)
      progress.message = progress.message ? `${progress.message}; ${describeRepairs(progress.counts.repairs)}` : describeRepairs(progress.counts.repairs);
    report('reconciling_seats');
    const seatCounts = await seats.reconcileSeats(run);
    await notifySeatPoolsExhausted(run, seatCounts);
    const seatSummary = describeSeatCounts(seatCounts);
    if (seatSummary) progress.message = progress.message ? `${progress.message}; ${seatSummary}` : seatSummary;
    return await finish('completed');
  } catch (error) {
    // continueAsNew() ends this run by throwing; it is how a long sync carries on, not a failure.
    if (error instanceof ContinueAsNew) throw error;
    const status = isCancellation(error) ? 'cancelled' : 'failed';
    // The root cause (e.g. "ScimTargetUnavailable: …"), not the wrapper's "Activity task failed".
    progress.message = status === 'cancelled' ? (error instanceof Error ? error.message : String(error)) : describeFailure(error);
    // Record the outcome even though the workflow is being cancelled: what was written stays
    // recorded batch by batch, and the run says where it stopped.
    await CancellationScope.nonCancellable(() => finish(status));
    if (status === 'failed') await notifyRunFailed(run, error);
    if (status === 'failed' && !(error instanceof ApplicationFailure)) {
      throw ApplicationFailure.create({
        message: progress.message,
        type: 'SyncFailed',
        nonRetryable: true,
        ...(error instanceof Error ? { cause: error } : {}),
      });
    }
    throw error;
  }

  async function finish(status: 'completed' | 'failed' | 'cancelled'): Promise<TenantSyncResult> {
    report(status === 'completed' ? 'finishing' : status);
    const stored = await bookkeeping.finishRun({
      ...run,
      status,
      counts: progress.counts,
      message: progress.message,
      highWater: progress.dryRun ? null : prepared.highWater,
    });
    // What the run wrote, from its durable outcomes (histories recorded before finishRun returned counts carry none).
    if (stored) progress.counts = stored;
    report(status);
    return { runId: run.runId, status, counts: progress.counts, message: progress.message };
  }
}
