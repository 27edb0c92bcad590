/**
 * Failures that retrying cannot fix. Activities turn them into non-retryable
 * ApplicationFailures with `type` as the failure type (stable across bundling).
 */
export class SyncConfigurationError extends Error {
  override readonly name = 'SyncConfigurationError';
  readonly type = 'SyncConfigurationError';
}
