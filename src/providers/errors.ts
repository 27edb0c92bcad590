import type { ProviderKind } from './types.js';

/**
 * Typed SIS failures. `retryable` tells the activity layer whether Temporal should retry;
 * `type` is the stable string used as the ApplicationFailure type (never rely on
 * constructor.name, which bundlers may mangle).
 */
export abstract class SisError extends Error {
  abstract readonly type: string;
  abstract readonly retryable: boolean;
  constructor(
    readonly provider: ProviderKind,
    readonly route: string,
    message: string,
    readonly status?: number,
  ) {
    super(`${provider} ${route}: ${message}`);
  }
}

/** 401/403 or a rejected signature: retrying cannot help until credentials change. */
export class SisAuthError extends SisError {
  override readonly name = 'SisAuthError';
  readonly type = 'SisAuthError';
  readonly retryable = false;
}

/** The SIS answered with a payload that violates its own schema (names the field). */
export class SisSchemaError extends SisError {
  override readonly name = 'SisSchemaError';
  readonly type = 'SisSchemaError';
  readonly retryable = false;
  constructor(
    provider: ProviderKind,
    route: string,
    readonly field: string,
    message: string,
  ) {
    super(provider, route, `${field}: ${message}`);
  }
}

/** 429 after the client's own waiting was exhausted; retry later. */
export class SisRateLimitError extends SisError {
  override readonly name = 'SisRateLimitError';
  readonly type = 'SisRateLimitError';
  readonly retryable = true;
  constructor(
    provider: ProviderKind,
    route: string,
    readonly retryAfterMs: number,
  ) {
    super(provider, route, `rate limited, retry after ${retryAfterMs} ms`, 429);
  }
}

/** 5xx, timeouts, connection errors, truncated bodies: transient. */
export class SisUnavailableError extends SisError {
  override readonly name = 'SisUnavailableError';
  readonly type = 'SisUnavailableError';
  readonly retryable = true;
}

/** A request the SIS refused as invalid (400/404/413): a bug on our side, not transient. */
export class SisRequestError extends SisError {
  override readonly name = 'SisRequestError';
  readonly type = 'SisRequestError';
  readonly retryable = false;
}

/**
 * The stored change-feed cursor is no longer served by the SIS (e.g. older than Clever's
 * 30-day events window): an incremental run cannot continue from it without missing changes,
 * so the engine runs a full sync and takes a fresh high-water mark. Retrying cannot help.
 * The message says why in the provider's terms; the engine adds what it did about it.
 */
export class SisCursorExpiredError extends SisError {
  override readonly name: string = 'SisCursorExpiredError';
  readonly type = 'SisCursorExpiredError';
  readonly retryable = false;
  constructor(
    provider: ProviderKind,
    route: string,
    readonly cursor: string,
    why: string,
    status?: number,
  ) {
    super(provider, route, why, status);
  }
}
