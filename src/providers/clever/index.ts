/** The Clever provider's public face: the client factory, its event API and its typed error. */
export { createCleverClient, CLEVER_MAX_PAGE_SIZE, type CleverClient, type CleverClientOptions } from './clever-client.js';
export type { CleverApiOptions, CleverRetryOptions } from './clever-api.js';
export type { CleverEventPage, FetchEventsOptions } from './clever-events.js';
export { transformCleverEvent, type CleverEventChange, type CleverEventOp } from './event-transform.js';
export { CleverCursorExpiredError, isCleverCursorExpiredError } from './errors.js';
export { transformCleverPage } from './transform.js';
