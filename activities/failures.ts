import { ApplicationFailure } from '@temporalio/activity';

/**
 * Converts typed errors into Temporal failures with a stable `type`. Errors that declare
 * `retryable: false` (SIS auth and schema, SCIM auth, bad configuration) stop the retries at
 * once; everything else is left to the activity's retry policy.
 */
export async function withFailureTypes<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof ApplicationFailure || !(error instanceof Error)) throw error;
    const typed = error as Error & { type?: string; retryable?: boolean };
    const type = typed.type ?? error.name;
    if (typed.retryable === false || type === 'SyncConfigurationError') throw ApplicationFailure.nonRetryable(error.message, type);
    throw ApplicationFailure.retryable(error.message, type);
  }
}
