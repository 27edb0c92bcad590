import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createActivities } from '../../activities/index.js';
import { DEFAULT_SYNC_SETTINGS } from '../../activities/sync-deps.js';
import { runPlainLoop } from '../../bench/plain-loop.js';
import { checkConvergence, differenceCounts, readTarget, NO_DIFFERENCES } from '../support/convergence-check.js';
import { runSync } from '../support/sync-fixture.js';
import { startSyncStack, type SyncStack } from '../support/sync-stack.js';

const EMAIL_DOMAIN = 'springfield.k12.example';

/**
 * The full-sync bench prices Temporal against a plain loop over the same activities
 * (bench/plain-loop.ts). That comparison only means something if the loop does the whole
 * run: here it syncs a district on its own, exactly, and the workflow afterwards finds
 * nothing left to write. When the workflow's activities change, this fails until the loop follows.
 */
describe('the plain-loop baseline of the full-sync bench', () => {
  let stack: SyncStack;

  beforeAll(async () => {
    stack = await startSyncStack({
      kind: 'classlink',
      seed: 31,
      students: 200,
      target: 'sink',
      sync: { batchSize: 50 },
      tenantSettings: { emailDomain: EMAIL_DOMAIN },
    });
  }, 180_000);
  afterAll(() => stack?.close());

  it('runs a complete full sync without Temporal, which the workflow then finds nothing to add to', { timeout: 300_000 }, async () => {
    const activities = createActivities({
      db: stack.database.db,
      secrets: stack.secrets,
      sync: { ...DEFAULT_SYNC_SETTINGS, batchSize: 50, scimDefaults: { baseUrl: stack.scim.baseUrl, token: stack.scim.token } },
    });
    const result = await runPlainLoop(activities, stack.ids);
    expect(result.counts.failed).toBe(0);
    expect(result.counts.created).toBeGreaterThan(200);
    expect(result.phases.map((phase) => phase.phase)).toEqual([
      'preparing',
      'fetching',
      'transforming',
      'verifying',
      'planning',
      'applying',
      'reconciling_seats',
      'finishing',
    ]);
    const target = await readTarget(stack.scim.baseUrl, stack.scim.token);
    expect(differenceCounts(checkConvergence({ store: stack.store, providerId: stack.ids.providerId, target, emailDomain: EMAIL_DOMAIN }))).toEqual(
      NO_DIFFERENCES,
    );

    stack.scim.traffic.resetCounters();
    const workflow = await runSync(stack.temporal.client, stack.worker.taskQueue, { ...stack.ids, mode: 'full' });
    expect(workflow.counts).toMatchObject({ created: 0, updated: 0, deprovisioned: 0, membershipChanges: 0, failed: 0 });
    expect(stack.scim.traffic.stats.writes).toBe(0);
  });
});
