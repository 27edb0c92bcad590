import { randomUUID } from 'node:crypto';
import { MockActivityEnvironment } from '@temporalio/testing';
import { and, asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunRef } from '../../activities/sync-clients.js';
import { DEFAULT_SYNC_SETTINGS } from '../../activities/sync-deps.js';
import { createSyncActivities, type PreparedRun } from '../../activities/sync.js';
import { generateDistrict } from '../../sim/district/generator.js';
import { createDistrictStore } from '../../sim/district/store.js';
import { startSisFor, type RunningSis } from '../../sim/fixtures/sis-peers.js';
import { createTenantWithProvider } from '../../sim/fixtures/tenant-fixture.js';
import { sisStaging } from '../../src/db/schema/index.js';
import { EmbeddedSecretStore } from '../../src/secrets/embedded-store.js';
import { startFaultProxy, type FaultProxy } from '../support/fault-proxy.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { TEST_TODAY } from '../support/test-today.js';

/** Where a fetchPageRun stands, as it heartbeats it and as a retry receives it back. */
interface PageRunPosition {
  cursor: string | null;
  page: number;
  count: number;
  /** Records staged so far (absent from the heartbeats of workers that did not count them). */
  staged?: number;
}

type PageRunResult = Awaited<ReturnType<ReturnType<typeof createSyncActivities>['fetchPageRun']>>;

const PAGE_SIZE = 20;
const PAGES_PER_RUN = 5;
const silentLogger = { log: () => {}, trace: () => {}, debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };
const pageNumbers = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, index) => from + index);

/**
 * fetchPageRun (activities/sync.ts) fetches and stages several SIS pages in one activity and
 * heartbeats where it stands after each; a retry (a worker lost, a heartbeat timeout) must
 * carry on from that heartbeat, or every interruption costs the pages already done again.
 * The activity runs here without Temporal, each attempt in an activity context of its own
 * as a worker would give it, against a real database and the Clever simulator.
 */
describe('fetchPageRun retried after an interruption', () => {
  let database: TestDatabase;
  let sis: RunningSis;
  // Without faults the proxy only counts the requests the SIS receives.
  let sisRequests: FaultProxy;
  let activities: ReturnType<typeof createSyncActivities>;
  let ids: { tenantId: string; providerId: string };

  beforeAll(async () => {
    database = await createTestDatabase();
    // 100 students, 20 users a page: the users kind has more pages than one run's share.
    sis = await startSisFor('clever', createDistrictStore(generateDistrict({ seed: 23, students: 100, today: TEST_TODAY })));
    sisRequests = await startFaultProxy(sis.provider.baseUrl, {});
    const secrets = new EmbeddedSecretStore(database.db, Buffer.alloc(32, 23));
    ids = await createTenantWithProvider(database.db, secrets, { ...sis.provider, baseUrl: sisRequests.url });
    activities = createSyncActivities({ db: database.db, secrets, sync: { ...DEFAULT_SYNC_SETTINGS, sisPageSize: PAGE_SIZE } });
  }, 120_000);

  afterAll(async () => {
    await Promise.allSettled([sisRequests?.close(), sis?.close()]);
    await database?.dispose();
  });

  /** A sync run of its own (prepareRun keys runs by workflow run id, so each call opens a new one). */
  async function openRun(): Promise<RunRef> {
    const environment = new MockActivityEnvironment(
      { activityType: 'prepareRun', workflowExecution: { workflowId: 'fetch-page-run-resume', runId: randomUUID() } },
      { logger: silentLogger },
    );
    const prepared: PreparedRun = await environment.run(activities.prepareRun, { ...ids, mode: 'full' as const, trigger: 'test' as const });
    return { runId: prepared.runId, ...ids };
  }

  /**
   * One attempt of fetchPageRun over the first PAGES_PER_RUN users pages. `resumeFrom` is the
   * heartbeat the server hands a retry; `cancelAtPage` cancels the attempt once it heartbeats
   * that position. Positions are recorded once each: the keep-alive repeats the current one
   * every few seconds, and a retry can only resume from a position, not from a count of beats.
   */
  function fetchUsersPages(run: RunRef, options: { resumeFrom?: PageRunPosition; cancelAtPage?: number } = {}) {
    const environment = new MockActivityEnvironment(
      { activityType: 'fetchPageRun', attempt: options.resumeFrom ? 2 : 1, heartbeatDetails: options.resumeFrom },
      { logger: silentLogger },
    );
    const positions: PageRunPosition[] = [];
    environment.on('heartbeat', (position: PageRunPosition) => {
      if (positions.at(-1)?.page !== position.page) positions.push(position);
      if (position.page === options.cancelAtPage) environment.cancel();
    });
    const result: Promise<PageRunResult> = environment.run(activities.fetchPageRun, {
      ...run,
      kind: 'users' as const,
      cursor: null,
      page: 0,
      pages: PAGES_PER_RUN,
    });
    return { positions, result };
  }

  async function stagedUsers(runId: string): Promise<Array<{ page: number; sourceId: string }>> {
    return database.db
      .select({ page: sisStaging.page, sourceId: sisStaging.sourceId })
      .from(sisStaging)
      .where(and(eq(sisStaging.runId, runId), eq(sisStaging.kind, 'users')))
      .orderBy(asc(sisStaging.page), asc(sisStaging.sourceId));
  }

  it('carries on from its last heartbeat: the pages already staged are neither fetched nor staged again', async () => {
    const reference = await openRun();
    const requestsBeforeReference = sisRequests.counts.requests;
    const uninterrupted = await fetchUsersPages(reference).result;
    expect(uninterrupted.pages).toBe(PAGES_PER_RUN);
    expect(uninterrupted.nextCursor, 'the district has more users pages than one run takes').not.toBeNull();
    expect(sisRequests.counts.requests - requestsBeforeReference).toBe(PAGES_PER_RUN);

    const run = await openRun();
    const requestsBefore = sisRequests.counts.requests;
    const interrupted = fetchUsersPages(run, { cancelAtPage: 2 });
    await expect(interrupted.result).rejects.toThrow();
    const stoppedAt = interrupted.positions.at(-1)!;
    // The cancel comes while the next page, read ahead, is on its way: it is cut off or still staged.
    expect(stoppedAt.page).toBeGreaterThanOrEqual(2);
    expect(stoppedAt.page).toBeLessThan(PAGES_PER_RUN);
    expect(new Set((await stagedUsers(run.runId)).map((row) => row.page))).toEqual(new Set(pageNumbers(0, stoppedAt.page - 1)));

    const retry = fetchUsersPages(run, { resumeFrom: stoppedAt });
    expect(await retry.result).toEqual({
      nextCursor: uninterrupted.nextCursor,
      pages: PAGES_PER_RUN,
      count: uninterrupted.count,
      staged: uninterrupted.staged,
    });
    // It heartbeats after each page it stages; its first position, the keep-alive's, is where it resumed.
    expect(retry.positions.map((position) => position.page)).toEqual(pageNumbers(stoppedAt.page, PAGES_PER_RUN));
    // Each page was requested once, plus at most the page read ahead when the first attempt was cancelled.
    const requests = sisRequests.counts.requests - requestsBefore;
    expect(requests).toBeGreaterThanOrEqual(PAGES_PER_RUN);
    expect(requests).toBeLessThanOrEqual(PAGES_PER_RUN + 1);
    expect(await stagedUsers(run.runId)).toEqual(await stagedUsers(reference.runId));
  });

  it('returns at once, fetching nothing, when its last heartbeat reached the end of the kind', async () => {
    const run = await openRun();
    // A heartbeat from a worker that did not count staged records: every record it fetched may be staged.
    const ended: PageRunPosition = { cursor: null, page: 3, count: 57 };
    const requestsBefore = sisRequests.counts.requests;
    const retry = fetchUsersPages(run, { resumeFrom: ended });
    expect(await retry.result).toEqual({ nextCursor: null, pages: 3, count: 57, staged: 57 });
    expect(retry.positions).toEqual([{ ...ended, staged: 57 }]);
    expect(sisRequests.counts.requests).toBe(requestsBefore);
    expect(await stagedUsers(run.runId)).toEqual([]);
  });
});
