/**
 * Typed SCIM failures. `type` is the stable string for Temporal ApplicationFailure types (never
 * rely on constructor.name); `retryable` tells the activity whether retrying can help.
 * Per-record failures (`ScimRequestError`) are values in batch results; the others describe
 * the target as a whole.
 */
export abstract class ScimError extends Error {
  abstract readonly type: string;
  abstract readonly retryable: boolean;
  constructor(
    readonly method: string,
    readonly path: string,
    message: string,
    readonly status?: number,
  ) {
    super(`SCIM ${method} ${path}: ${message}`);
  }
}

/**
 * The target refused this record or request (400, 404, 409, 412, 413, ...). Carries the RFC
 * 7644 §3.12 `scimType` (e.g. uniqueness, invalidValue, invalidFilter) and `detail`.
 * `origin: 'client'` marks a record the client rejected before sending (dialect rules).
 */
export class ScimRequestError extends ScimError {
  override readonly name = 'ScimRequestError';
  readonly type = 'ScimRequestError';
  readonly retryable = false;
  constructor(
    method: string,
    path: string,
    override readonly status: number,
    readonly scimType: string | undefined,
    readonly detail: string,
    readonly origin: 'server' | 'client' = 'server',
  ) {
    super(method, path, `${status}${scimType ? ` ${scimType}` : ''}: ${detail}`, status);
  }
}

/** 401/403: the token is wrong, expired or lacks a scope. Retrying cannot help. */
export class ScimAuthError extends ScimError {
  override readonly name = 'ScimAuthError';
  readonly type = 'ScimAuthError';
  readonly retryable = false;
}

/** 429 still answered after the client's bounded waiting; retry later. */
export class ScimRateLimitError extends ScimError {
  override readonly name = 'ScimRateLimitError';
  readonly type = 'ScimRateLimitError';
  readonly retryable = true;
  constructor(
    method: string,
    path: string,
    readonly retryAfterMs: number | undefined,
  ) {
    super(method, path, `rate limited${retryAfterMs === undefined ? '' : `, retry after ${retryAfterMs} ms`}`, 429);
  }
}

/** 5xx, timeouts and connection failures after bounded retries: transient. */
export class ScimUnavailableError extends ScimError {
  override readonly name = 'ScimUnavailableError';
  readonly type = 'ScimUnavailableError';
  readonly retryable = true;
}

/**
 * A create (POST) met a 5xx or a broken connection: the target may or may not have done it.
 * Never re-sent blindly — the caller looks the resource up by externalId first, so a target
 * that does not enforce externalId uniqueness does not get a second copy.
 */
export class ScimOutcomeUnknownError extends ScimUnavailableError {
  readonly outcomeUnknown = true;
}

/** A 2xx answer the client cannot use (no id, not JSON): a target bug, not transient. */
export class ScimProtocolError extends ScimError {
  override readonly name = 'ScimProtocolError';
  readonly type = 'ScimProtocolError';
  readonly retryable = false;
}

/** The target does not offer what was asked (e.g. Groups not served, PATCH unsupported). */
export class ScimUnsupportedError extends ScimError {
  override readonly name = 'ScimUnsupportedError';
  readonly type = 'ScimUnsupportedError';
  readonly retryable = false;
}

/** A batch stopped before this record because an earlier one hit a target-wide failure. */
export class ScimSkippedError extends ScimError {
  override readonly name = 'ScimSkippedError';
  readonly type = 'ScimSkippedError';
  readonly retryable: boolean;
  constructor(
    method: string,
    path: string,
    override readonly cause: ScimError,
  ) {
    super(method, path, `not attempted after ${cause.type}`);
    this.retryable = cause.retryable;
  }
}

/**
 * Nothing at this base URL answers like a SCIM service: /Users itself is missing (404/501)
 * where the discovery endpoints are missing too. A wrong base URL, not a transient outage.
 */
export class ScimTargetUnavailableError extends ScimError {
  override readonly name = 'ScimTargetUnavailableError';
  readonly type = 'ScimTargetUnavailable';
  readonly retryable = false;
}

/**
 * A listing that cannot be trusted to be complete: the target answered the same page for a
 * later startIndex (it ignores startIndex), or it ended before the totalResults it announced.
 * Callers that must see everything fall back to lookups of the resources they know.
 */
export class ScimPagingError extends ScimError {
  override readonly name = 'ScimPagingError';
  readonly type = 'ScimPagingUnreliable';
  readonly retryable = false;
}

export function isScimError(error: unknown): error is ScimError {
  return error instanceof ScimError;
}

export function isScimRequestError(error: unknown, status?: number): error is ScimRequestError {
  return error instanceof ScimRequestError && (status === undefined || error.status === status);
}

/**
 * Errors that say nothing more will succeed against this target right now. (Unsupported is
 * not one: a target without Groups still takes Users.)
 */
export function isTargetWideFailure(error: ScimError): boolean {
  return error instanceof ScimAuthError || error instanceof ScimRateLimitError || error instanceof ScimUnavailableError;
}
