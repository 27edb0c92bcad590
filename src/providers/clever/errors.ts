import { SisError } from '../errors.js';

/**
 * The stored Clever event id is no longer in the Events API window (Clever keeps 30 days of
 * events) or was never one of this district's: incremental sync cannot continue from it, so
 * the engine must run a full sync and take a fresh cursor. Retrying the same request cannot help.
 */
export class CleverCursorExpiredError extends SisError {
  override readonly name = 'CleverCursorExpiredError';
  readonly type = 'CleverCursorExpiredError';
  readonly retryable = false;
  constructor(
    route: string,
    readonly eventId: string,
  ) {
    super('clever', route, `event ${eventId} is outside the 30-day events window; run a full sync`, 404);
  }
}

export function isCleverCursorExpiredError(error: unknown): error is CleverCursorExpiredError {
  return error instanceof Error && error.name === 'CleverCursorExpiredError';
}
