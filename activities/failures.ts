import { ApplicationFailure } from '@temporalio/activity';
import { INFRASTRUCTURE_UNAVAILABLE, isInfrastructureError } from '../src/domain/outage-failures.js';

/**
 * Converts typed errors into Temporal failures with a stable `type`. Errors that declare
 * `retryable: false` (SIS auth and schema, SCIM auth, bad configuration) stop the retries at
 * once; everything else is left to the activity's retry policy. A raw database or network
 * error becomes InfrastructureUnavailable, so the workflow can tell an outage from a bug.
 */
export async function withFailureTypes<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof ApplicationFailure || !(error instanceof Error)) throw error;
    const typed = error as Error & { type?: string; retryable?: boolean };
    // A database or network failure is an outage, which the workflow waits out (OUTAGE_BUDGET_MINUTES).
    const type = typed.type ?? (isInfrastructureError(error) ? INFRASTRUCTURE_UNAVAILABLE : error.name);
    if (typed.retryable === false || type === 'SyncConfigurationError') throw ApplicationFailure.nonRetryable(error.message, type);
    throw ApplicationFailure.retryable(error.message, type);
  }
}
