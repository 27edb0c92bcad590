import { readFileSync } from 'node:fs';
import { Worker } from '@temporalio/worker';
import { describe, expect, inject, it } from 'vitest';

/**
 * An event workflow recorded by the version with the fixed 2 s debounce: signalled once,
 * timer, child run, signalled again, terminated. Stored as the history object itself (numbers
 * for 64-bit fields and enums, base64 bytes), which the worker replays as is. Event workflows
 * live for ever, so the current code must replay histories like this one.
 */
interface RecordedEvent {
  timerStartedEventAttributes?: object;
  startChildWorkflowExecutionInitiatedEventAttributes?: object;
}
const legacy = JSON.parse(readFileSync(new URL('./fixtures/provider-events-fixed-debounce.history.json', import.meta.url), 'utf8')) as {
  events: RecordedEvent[];
};

describe('the event workflow across the adaptive-debounce change', () => {
  it('replays a history written with the fixed debounce without a determinism error', async () => {
    const timer = legacy.events.findIndex((event) => event.timerStartedEventAttributes);
    const run = legacy.events.findIndex((event) => event.startChildWorkflowExecutionInitiatedEventAttributes);
    // The recorded history waited on a timer before its run (what the new version no longer does).
    expect(timer).toBeGreaterThan(-1);
    expect(timer).toBeLessThan(run);
    await expect(Worker.runReplayHistory({ workflowBundle: { codePath: inject('workflowBundlePath') } }, legacy)).resolves.toBeUndefined();
  });
});
