import { MockActivityEnvironment } from '@temporalio/testing';
import type { createActivities } from '../activities/index.js';
import { kindsToFetch } from '../src/domain/sync-scope.js';
import { emptyCounts, type SyncCounts } from '../src/temporal/sync-contract.js';
import { inRuns, pageSlices, runPool, runUntilEnd, Slots } from '../workflows/run-pool.js';
import { readBackTarget } from '../workflows/target-read-back.js';
import {
  APPLY_POOL_SIZE,
  BATCHES_PER_APPLY,
  FETCH_LANES,
  PAGES_PER_RUN,
  PLAN_CONCURRENCY,
  TRANSFORM_CONCURRENCY,
  TRANSFORM_PAGES,
} from '../workflows/sync-fan-out.js';
import { addCounts } from '../workflows/sync-progress.js';

/**
 * The plain-loop baseline of bench/full-sync.ts: the activity functions a full sync runs,
 * called in a loop in this process without Temporal, in the workflow's order and with its
 * concurrency and fan-out widths (workflows/sync-fan-out.ts: pages fetched in runs, by offset in
 * lanes; the target read back while the SIS is fetched; a kind's transform in slices side by
 * side, overlapping the next kind's fetch; apply batches through one pool per phase).
 * Comparing its wall time with the workflow's prices the orchestration.
 *
 * Each call runs in an activity context of its own (the activities heartbeat), the way a
 * worker would give it one, but nothing is serialised, scheduled or recorded in a history.
 * It mirrors workflows/tenant-sync.ts for an unscoped full sync without held deletions; when
 * the workflow's activities change, this loop must follow.
 */
type Activities = ReturnType<typeof createActivities>;

const MAPPED_KINDS: readonly string[] = ['users', 'sections', 'enrollments'];

interface PlainLoopPhase {
  phase: string;
  wallSeconds: number;
  cpuSeconds: number;
}

export interface PlainLoopResult {
  runId: string;
  counts: SyncCounts;
  wallSeconds: number;
  cpuSeconds: number;
  activityCalls: number;
  phases: PlainLoopPhase[];
}

const silentLogger = { log: () => {}, trace: () => {}, debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };

export async function runPlainLoop(activities: Activities, ids: { tenantId: string; providerId: string }): Promise<PlainLoopResult> {
  let calls = 0;
  const call = <A extends unknown[], R>(name: string, fn: (...args: A) => Promise<R>, ...args: A): Promise<R> => {
    calls += 1;
    const environment = new MockActivityEnvironment(
      { activityType: name, activityId: String(calls), workflowExecution: { workflowId: 'plain-loop', runId: `plain-loop-${ids.providerId}` } },
      { logger: silentLogger },
    );
    return environment.run(fn, ...args);
  };
  const phases: PlainLoopPhase[] = [];
  const started = performance.now();
  const cpuStarted = process.cpuUsage();
  let phaseStarted = { at: started, cpu: process.cpuUsage() };
  const enter = (phase: string) => {
    const now = { at: performance.now(), cpu: process.cpuUsage() };
    const cpu = process.cpuUsage(phaseStarted.cpu);
    if (phases.length > 0) Object.assign(phases.at(-1)!, { wallSeconds: (now.at - phaseStarted.at) / 1000, cpuSeconds: (cpu.user + cpu.system) / 1e6 });
    phases.push({ phase, wallSeconds: 0, cpuSeconds: 0 });
    phaseStarted = now;
  };

  enter('preparing');
  const counts = emptyCounts();
  const prepared = await call('prepareRun', activities.prepareRun, { ...ids, mode: 'full', trigger: 'test' });
  const run = { runId: prepared.runId, ...ids };

  enter('fetching');
  // A full sync reads the target back while the SIS is read and transformed (verify-alongside-fetch).
  const verifying = readBackTarget(
    {
      planTargetVerify: (input) => call('planTargetVerify', activities.planTargetVerify, input),
      verifyTargetListing: (input) => call('verifyTargetListing', activities.verifyTargetListing, input),
      verifyTargetRange: (input) => call('verifyTargetListing', activities.verifyTargetListing, input),
      verifyTargetLookups: (input) => call('verifyTargetLookups', activities.verifyTargetLookups, input),
      settleTargetVerify: (input) => call('settleTargetVerify', activities.settleTargetVerify, input),
      listInRanges: () => true,
    },
    { ...run, dryRun: false },
  );
  verifying.catch(() => {});
  const transforms: Array<Promise<void>> = [];
  const transformSlots = new Slots(TRANSFORM_CONCURRENCY);
  for (const kind of kindsToFetch(prepared.fetchKinds, undefined)) {
    let pages = 0;
    if (prepared.offsetPaging) {
      // Lanes of runs by offset, as the workflow's fetch-pages-by-offset with fetch-page-runs.
      const pagesOf = new Map<number, number>();
      const fetched = await runUntilEnd(
        0,
        FETCH_LANES,
        async (n) => {
          const result = await call('fetchPageRun', activities.fetchPageRun, {
            ...run,
            kind,
            cursor: null,
            page: n * PAGES_PER_RUN,
            pages: PAGES_PER_RUN,
            byOffset: true,
            skipUnchanged: true,
          });
          counts.fetched += result.count;
          pagesOf.set(n, result.pages);
          return result.nextCursor === null;
        },
        () => false,
      );
      const last = fetched.end! - 1;
      pages = last * PAGES_PER_RUN + pagesOf.get(last)!;
    } else {
      let cursor: string | null = null;
      do {
        const fetched: { nextCursor: string | null; pages: number; count: number } = await call('fetchPageRun', activities.fetchPageRun, {
          ...run,
          kind,
          cursor,
          page: pages,
          pages: PAGES_PER_RUN,
          skipUnchanged: true,
        });
        counts.fetched += fetched.count;
        cursor = fetched.nextCursor;
        pages += fetched.pages;
      } while (cursor !== null);
    }
    // As the workflow: users, sections and enrollments map with the names of schools, terms and courses.
    if (MAPPED_KINDS.includes(kind)) await Promise.all(transforms.splice(0));
    for (const slice of pageSlices(pages, TRANSFORM_PAGES))
      transforms.push(
        transformSlots
          .run(() => call('transformBatch', activities.transformBatch, { ...run, kind, ...slice }))
          .then((transformed) => void (counts.failed += transformed.errors)),
      );
  }
  enter('transforming');
  await Promise.all(transforms);

  enter('verifying');
  const repairs = await verifying;
  if (repairs) counts.repairs = repairs;

  enter('planning');
  const { parts } = await call('beginPlan', activities.beginPlan, { ...run, mode: prepared.mode });
  const partNumbers = Array.from({ length: parts }, (_, part) => part);
  await runPool(partNumbers, PLAN_CONCURRENCY, (part) => call('planPart', activities.planPart, { ...run, mode: prepared.mode, part }));
  const plan = await call('finishPlan', activities.finishPlan, run);

  enter('applying');
  for (const phase of plan.phases) {
    if (phase.phase === 'deprovisions' && plan.held > 0) continue; // held: the bench never approves
    const runs = inRuns(phase.batches, BATCHES_PER_APPLY);
    for (const applied of await runPool(runs, APPLY_POOL_SIZE, (batches) => call('applyScimBatches', activities.applyScimBatches, { ...run, batches })))
      addCounts(counts, applied);
  }

  enter('reconciling_seats');
  await call('reconcileSeats', activities.reconcileSeats, run);

  enter('finishing');
  await call('finishRun', activities.finishRun, { ...run, status: 'completed', counts, message: null, highWater: prepared.highWater });
  enter('done');
  phases.pop();

  const cpu = process.cpuUsage(cpuStarted);
  return {
    runId: run.runId,
    counts,
    wallSeconds: (performance.now() - started) / 1000,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    activityCalls: calls,
    phases,
  };
}
