import { createSisClient, type SisConnection } from '../../../providers/create-sis-client.js';
import { SisAuthError, SisError, SisRateLimitError, SisUnavailableError } from '../../../providers/errors.js';
import type { ApiDeps } from '../../app-env.js';
import { ApiError } from '../../errors.js';

/** Long enough for the SIS client's own retries on a slow SIS; short enough for an HTTP caller. */
const VERIFY_TIMEOUT_MS = 15_000;

async function verifyWithSisClient(connection: SisConnection, signal: AbortSignal): Promise<void> {
  await createSisClient(connection).verifyCredentials(signal);
}

/**
 * One cheap authenticated SIS call; maps its failure to what the admin must fix.
 * Messages come from the typed SIS errors, which name the route and status, never a credential.
 */
export async function verifySisConnection(deps: ApiDeps, connection: SisConnection): Promise<void> {
  const verify = deps.verifySisCredentials ?? verifyWithSisClient;
  try {
    await verify(connection, AbortSignal.timeout(VERIFY_TIMEOUT_MS));
  } catch (error) {
    if (error instanceof SisAuthError) {
      throw new ApiError(422, 'sis_credentials_rejected', `${connection.kind} rejected the credentials (${error.message})`, { field: 'body.credentials' });
    }
    if (error instanceof SisUnavailableError || error instanceof SisRateLimitError || isAbort(error)) {
      throw new ApiError(502, 'sis_unreachable', `${connection.kind} at ${connection.baseUrl} could not be reached to check the credentials`);
    }
    if (error instanceof SisError) {
      throw new ApiError(422, 'sis_connection_invalid', `${connection.kind} refused the check (${error.message})`, { field: 'body.connection' });
    }
    throw error;
  }
}

function isAbort(error: unknown): boolean {
  return error instanceof Error && (error.name === 'AbortError' || error.name === 'TimeoutError');
}
