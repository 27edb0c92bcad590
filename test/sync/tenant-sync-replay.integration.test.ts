import { readFileSync } from 'node:fs';
import { temporal } from '@temporalio/proto';
import { Worker } from '@temporalio/worker';
import { describe, expect, inject, it } from 'vitest';

/**
 * A full Clever sync of 50 students recorded by the version before apply batches ran four to an
 * activity (commit c2fa1e5): the target read back alongside the fetch, then every apply batch
 * its own applyScimBatch. Stored as the client fetched it (64-bit fields as strings, enums by
 * name, base64 bytes), which the protobuf types read back. A run recorded then may still be replayed after an upgrade (a worker
 * restart mid-run, a query), so the current workflow code must make the same commands of it.
 */
interface RecordedEvent {
  activityTaskScheduledEventAttributes?: { activityType: { name: string } };
}
const recorded = JSON.parse(readFileSync(new URL('./fixtures/tenant-sync-one-batch-per-activity.history.json', import.meta.url), 'utf8')) as {
  events: RecordedEvent[];
};

describe('a tenant sync recorded before apply batches ran four to an activity', () => {
  it('replays without a determinism error', async () => {
    const scheduled = recorded.events.flatMap((event) => event.activityTaskScheduledEventAttributes?.activityType.name ?? []);
    // What the recording holds: the read-back and one activity per apply batch, none in runs.
    expect(scheduled).toContain('verifyTargetListing');
    expect(scheduled.filter((name) => name === 'applyScimBatch').length).toBeGreaterThan(10);
    expect(scheduled).not.toContain('applyScimBatches');
    await expect(
      Worker.runReplayHistory({ workflowBundle: { codePath: inject('workflowBundlePath') } }, temporal.api.history.v1.History.fromObject(recorded)),
    ).resolves.toBeUndefined();
  });
});
