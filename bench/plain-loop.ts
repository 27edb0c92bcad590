import { MockActivityEnvironment } from '@temporalio/testing';
import type { createActivities } from '../activities/index.js';
import { kindsToFetch } from '../src/domain/sync-scope.js';
import { emptyCounts, type SyncCounts } from '../src/temporal/sync-contract.js';
import { addRepairCounts, emptyRepairCounts } from '../src/domain/target-repairs.js';
import { runPool } from '../workflows/run-pool.js';
import { addCounts } from '../workflows/sync-progress.js';

/**
 * The plain-loop baseline of bench/full-sync.ts: the activity functions a full sync runs,
 * called in a loop in this process without Temporal, in the workflow's order and with its
 * concurrency (a kind's transform overlaps the next kind's fetch; apply batches 4 at a time in
 * chunks of 16). Comparing its wall time with the workflow's prices the orchestration.
 *
 * Each call runs in an activity context of its own (the activities heartbeat), the way a
 * worker would give it one, but nothing is serialised, scheduled or recorded in a history.
 * It mirrors workflows/tenant-sync.ts for an unscoped full sync without held deletions; when
 * the workflow's activities change, this loop must follow.
 */
type Activities = ReturnType<typeof createActivities>;

const APPLY_CONCURRENCY = 4;
const PLAN_CONCURRENCY = 4;
const MAPPED_KINDS: readonly string[] = ['users', 'sections', 'enrollments'];
const APPLY_CHUNK = APPLY_CONCURRENCY * 4;

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
  const transforms: Array<Promise<void>> = [];
  for (const kind of kindsToFetch(prepared.fetchKinds, undefined)) {
    let cursor: string | null = null;
    let page = 0;
    do {
      const fetched: { nextCursor: string | null; count: number } = await call('fetchPage', activities.fetchPage, {
        ...run,
        kind,
        cursor,
        page,
        skipUnchanged: true,
      });
      counts.fetched += fetched.count;
      cursor = fetched.nextCursor;
      page += 1;
    } while (cursor !== null);
    // As the workflow: users, sections and enrollments map with the names of schools, terms and courses.
    if (MAPPED_KINDS.includes(kind)) await Promise.all(transforms.splice(0));
    transforms.push(call('transformBatch', activities.transformBatch, { ...run, kind }).then((transformed) => void (counts.failed += transformed.errors)));
  }
  enter('transforming');
  await Promise.all(transforms);

  enter('verifying');
  const verifyRun = { ...run, dryRun: false };
  const { resourceTypes } = await call('planTargetVerify', activities.planTargetVerify, verifyRun);
  const repairs = emptyRepairCounts();
  for (const resourceType of resourceTypes) {
    let listing: Awaited<ReturnType<Activities['verifyTargetListing']>> | undefined;
    do {
      listing = await call('verifyTargetListing', activities.verifyTargetListing, { ...verifyRun, resourceType, cursor: listing?.cursor ?? null });
      addRepairCounts(repairs, listing.repairs);
    } while (listing.cursor);
    if (listing.fallback !== null) {
      let lookups: Awaited<ReturnType<Activities['verifyTargetLookups']>> | undefined;
      do {
        lookups = await call('verifyTargetLookups', activities.verifyTargetLookups, { ...verifyRun, resourceType, after: lookups?.after ?? '' });
        addRepairCounts(repairs, lookups.repairs);
      } while (lookups.after !== null);
    }
    addRepairCounts(repairs, await call('settleTargetVerify', activities.settleTargetVerify, { ...verifyRun, resourceType }));
  }
  if (resourceTypes.length > 0) counts.repairs = repairs;

  enter('planning');
  const { parts } = await call('beginPlan', activities.beginPlan, { ...run, mode: prepared.mode });
  const partNumbers = Array.from({ length: parts }, (_, part) => part);
  await runPool(partNumbers, PLAN_CONCURRENCY, (part) => call('planPart', activities.planPart, { ...run, mode: prepared.mode, part }));
  const plan = await call('finishPlan', activities.finishPlan, run);

  enter('applying');
  for (const phase of plan.phases) {
    if (phase.phase === 'deprovisions' && plan.held > 0) continue; // held: the bench never approves
    for (let index = 0; index < phase.batches.length; index += APPLY_CHUNK) {
      const chunk = phase.batches.slice(index, index + APPLY_CHUNK);
      for (const applied of await runPool(chunk, APPLY_CONCURRENCY, (batch) => call('applyScimBatch', activities.applyScimBatch, { ...run, batch })))
        addCounts(counts, applied);
    }
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
