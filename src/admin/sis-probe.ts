import { createSisClient, type SisConnection } from '../providers/index.js';
import { SisAuthError, SisError, SisRateLimitError, SisSchemaError, SisUnavailableError } from '../providers/errors.js';
import { InvalidBaseUrlError } from '../domain/base-url.js';
import { AdminError, invalidField } from './admin-error.js';
import { noRedirectFetch } from './no-redirect-fetch.js';

/** One cheap authenticated SIS call that must answer as the SIS does; throws the typed SIS errors. */
export type SisVerifier = (connection: SisConnection, signal: AbortSignal) => Promise<void>;

/** Bounds the check's single attempt (an admin waiting on a PUT wants the answer now, not after backoff). */
const VERIFY_TIMEOUT_MS = 15_000;

/** What a working connection answers to the check, for the error that says it did not. */
const EXPECTED_ANSWER: Record<SisConnection['kind'], string> = {
  clever: 'a Clever Data API v3.0 collection',
  classlink: 'a OneRoster 1.1 orgs list',
};

const verifyWithSisClient: SisVerifier = (connection, signal) =>
  createSisClient(connection, { fetch: noRedirectFetch, maxAttempts: 1 }).verifyCredentials(signal);

/**
 * Checks the credentials against the SIS at the connection's base URL. Failures become
 * AdminErrors naming the status and what was expected; the SIS's own error text is left out
 * (the URL may be anyone's, and its pages must not reach the caller through our messages).
 */
export async function verifySisConnection(connection: SisConnection, verify: SisVerifier = verifyWithSisClient): Promise<void> {
  try {
    await verify(connection, AbortSignal.timeout(VERIFY_TIMEOUT_MS));
  } catch (error) {
    throw sisCheckFailure(connection.kind, error);
  }
}

function sisCheckFailure(kind: SisConnection['kind'], error: unknown): Error {
  const expected = EXPECTED_ANSWER[kind];
  if (error instanceof InvalidBaseUrlError) return invalidField('body.connection.baseUrl', error.problem);
  if (error instanceof SisAuthError) {
    return new AdminError(
      'refused',
      'sis_credentials_rejected',
      `${kind} answered ${statusText(error)} to ${error.route}: the credentials were refused`,
      'body.credentials',
    );
  }
  // A 2xx the client kept retrying (a body that is not JSON): something answers, but not the SIS.
  if (error instanceof SisUnavailableError && error.status !== undefined && error.status >= 200 && error.status < 300) {
    return new AdminError(
      'refused',
      'sis_connection_invalid',
      `${kind} check: ${error.route} answered HTTP ${error.status} with a body that is not JSON; expected ${expected}`,
      'body.connection.baseUrl',
    );
  }
  if (error instanceof SisUnavailableError || error instanceof SisRateLimitError || isAbort(error)) {
    const route = error instanceof SisError ? ` (${error.route}${error.status ? `, last answer HTTP ${error.status}` : ''})` : '';
    return new AdminError('unreachable', 'sis_unreachable', `${kind} could not be reached to check the credentials${route}`);
  }
  if (error instanceof SisSchemaError) {
    return new AdminError('refused', 'sis_connection_invalid', `${kind} check: ${error.route} did not answer with ${expected}`, 'body.connection.baseUrl');
  }
  if (error instanceof SisError) {
    return new AdminError(
      'refused',
      'sis_connection_invalid',
      `${kind} answered ${statusText(error)} to ${error.route}; expected ${expected}`,
      'body.connection.baseUrl',
    );
  }
  return error instanceof Error ? error : new Error(String(error));
}

function statusText(error: SisError): string {
  return error.status === undefined ? 'an error' : `HTTP ${error.status}`;
}

function isAbort(error: unknown): boolean {
  return error instanceof Error && (error.name === 'AbortError' || error.name === 'TimeoutError');
}
