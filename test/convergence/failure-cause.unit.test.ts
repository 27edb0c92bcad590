import { ActivityFailure, ApplicationFailure, RetryState, TimeoutFailure, TimeoutType } from '@temporalio/common';
import { describe, expect, it } from 'vitest';
import { describeFailure } from '../../workflows/failure-cause.js';

const activityFailed = (cause: Error) =>
  new ActivityFailure('Activity task failed', 'applyScimBatch', 'activity-1', RetryState.NON_RETRYABLE_FAILURE, 'worker-1', cause);

describe('the root cause of a failed run', () => {
  it("is the activity's typed error, not the wrapper's 'Activity task failed'", () => {
    const failure = activityFailed(ApplicationFailure.nonRetryable('SCIM GET /ServiceProviderConfig: 404: Not Found', 'ScimTargetUnavailable'));
    expect(describeFailure(failure)).toBe('ScimTargetUnavailable: SCIM GET /ServiceProviderConfig: 404: Not Found');
  });

  it('names a timeout when the activity timed out', () => {
    const failure = activityFailed(new TimeoutFailure('activity StartToClose timeout', undefined, TimeoutType.START_TO_CLOSE));
    expect(describeFailure(failure)).toBe('TimeoutFailure: activity StartToClose timeout');
  });

  it('keeps a plain error message as it is', () => {
    expect(describeFailure(new Error('no deletions are held'))).toBe('no deletions are held');
    expect(describeFailure('boom')).toBe('boom');
  });
});
