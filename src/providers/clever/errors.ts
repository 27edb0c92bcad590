import { SisCursorExpiredError } from '../errors.js';

/**
 * The stored Clever event id is no longer in the Events API window (Clever keeps 30 days of
 * events) or was never one of this district's. Its failure type is the provider-neutral
 * 'SisCursorExpiredError', which is what the engine reacts to.
 */
export class CleverCursorExpiredError extends SisCursorExpiredError {
  override readonly name = 'CleverCursorExpiredError';
  constructor(
    route: string,
    readonly eventId: string,
  ) {
    super('clever', route, eventId, `the stored event cursor ${eventId} is older than the 30-day events window`, 404);
  }
}
