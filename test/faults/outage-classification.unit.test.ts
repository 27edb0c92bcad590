import { ActivityFailure, ApplicationFailure, ChildWorkflowFailure, RetryState, TimeoutFailure, TimeoutType } from '@temporalio/common';
import { describe, expect, it } from 'vitest';
import { isInfrastructureError } from '../../src/domain/outage-failures.js';
import { causedByOutage, isInfrastructureOutage, isOutage } from '../../workflows/outage-budget.js';

const activityFailed = (cause: Error) =>
  new ActivityFailure('Activity task failed', 'applyScimBatch', 'activity-1', RetryState.MAXIMUM_ATTEMPTS_REACHED, 'worker-1', cause);
const withCode = (message: string, code: string, cause?: unknown) => Object.assign(new Error(message, cause === undefined ? undefined : { cause }), { code });

describe('what counts as an outage', () => {
  it('recognises database and network failures anywhere in the cause chain', () => {
    expect(isInfrastructureError(withCode('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED'))).toBe(true);
    expect(
      isInfrastructureError(new Error('Failed query: select 1', { cause: withCode('terminating connection due to administrator command', '57P01') })),
    ).toBe(true);
    expect(isInfrastructureError(withCode('connection failure', '08006'))).toBe(true);
    expect(isInfrastructureError(withCode('write CONNECTION_CLOSED', 'CONNECTION_CLOSED'))).toBe(true);
  });

  it('leaves failures of the work itself alone', () => {
    expect(isInfrastructureError(withCode('duplicate key value violates unique constraint', '23505'))).toBe(false);
    expect(isInfrastructureError(new TypeError('cannot read properties of undefined'))).toBe(false);
    expect(isInfrastructureError(undefined)).toBe(false);
  });

  it('waits out an unavailable database, network, SCIM target or SIS, and a worker that went silent', () => {
    expect(isOutage(activityFailed(ApplicationFailure.retryable('connect ECONNREFUSED', 'InfrastructureUnavailable')))).toBe(true);
    expect(isOutage(activityFailed(ApplicationFailure.retryable('HTTP 503 after 5 attempts', 'ScimUnavailableError')))).toBe(true);
    expect(isOutage(activityFailed(ApplicationFailure.retryable('rate limited', 'SisRateLimitError')))).toBe(true);
    expect(isOutage(activityFailed(ApplicationFailure.retryable('SCIM target unavailable: retry later', 'ScimTargetUnavailable')))).toBe(true);
    expect(isOutage(activityFailed(new TimeoutFailure('activity Heartbeat timeout', undefined, TimeoutType.HEARTBEAT)))).toBe(true);
  });

  it('does not wait on a misconfigured target or a refused record', () => {
    expect(isOutage(activityFailed(ApplicationFailure.nonRetryable('SCIM GET /Users: answered 404', 'ScimTargetUnavailable')))).toBe(false);
    expect(isOutage(activityFailed(ApplicationFailure.nonRetryable('bad credentials', 'SisAuthError')))).toBe(false);
    expect(isOutage(activityFailed(ApplicationFailure.retryable('unexpected payload', 'SisSchemaError')))).toBe(false);
    expect(isOutage(new Error('no cause'))).toBe(false);
  });

  it('waits on the start of a run only for the database or the network', () => {
    expect(isInfrastructureOutage(activityFailed(ApplicationFailure.retryable('connect ECONNREFUSED', 'InfrastructureUnavailable')))).toBe(true);
    expect(isInfrastructureOutage(activityFailed(ApplicationFailure.retryable('HTTP 503', 'SisUnavailableError')))).toBe(false);
  });

  it("finds the outage behind a failed child run, so the schedule's parent tries again soon", () => {
    const syncFailed = ApplicationFailure.create({
      message: 'InfrastructureUnavailable: connect ECONNREFUSED',
      type: 'SyncFailed',
      nonRetryable: true,
      cause: activityFailed(ApplicationFailure.retryable('connect ECONNREFUSED', 'InfrastructureUnavailable')),
    });
    const child = new ChildWorkflowFailure('default', { workflowId: 'sync:t:p', runId: 'r' }, 'tenantSync', RetryState.NON_RETRYABLE_FAILURE, syncFailed);
    expect(causedByOutage(child)).toBe(true);
    const refused = ApplicationFailure.create({
      message: 'SisAuthError: bad credentials',
      type: 'SyncFailed',
      nonRetryable: true,
      cause: activityFailed(ApplicationFailure.nonRetryable('bad credentials', 'SisAuthError')),
    });
    expect(
      causedByOutage(new ChildWorkflowFailure('default', { workflowId: 'sync:t:p', runId: 'r' }, 'tenantSync', RetryState.NON_RETRYABLE_FAILURE, refused)),
    ).toBe(false);
  });
});
