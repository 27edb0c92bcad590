import { connectScimClient, ScimAuthError, ScimHttp } from '../../../scim/index.js';
import type { ApiDeps, ScimTargetProbe, SettledScimDialect } from '../../app-env.js';
import { ApiError } from '../../errors.js';

const PROBE_TIMEOUT_MS = 10_000;

async function probeWithScimClient(target: ScimTargetProbe, signal: AbortSignal): Promise<SettledScimDialect> {
  signal.throwIfAborted();
  // One attempt: an admin waiting on a PUT wants the answer now, not after backoff.
  const options = { baseUrl: target.baseUrl, token: target.token, retry: { maxAttempts: 1 }, timeoutMs: PROBE_TIMEOUT_MS };
  const client = await connectScimClient({ ...options, dialect: target.dialect });
  // RFC 7644 §4 lets /ServiceProviderConfig answer without authentication, so the token is
  // only proven by a request that needs it: the cheapest is a one-result page of Users.
  await new ScimHttp(options).request({ method: 'GET', path: '/Users', query: { count: 1 } });
  return { discovery: client.capabilities.source, dialect: client.dialect };
}

/** Discovery with the tenant's token: the dialect it settled on, or 422 naming why the target cannot be used. */
export async function probeScimTarget(deps: ApiDeps, target: ScimTargetProbe): Promise<SettledScimDialect | undefined> {
  const probe = deps.probeScimTarget ?? probeWithScimClient;
  try {
    return (await probe(target, AbortSignal.timeout(PROBE_TIMEOUT_MS))) ?? undefined;
  } catch (error) {
    if (error instanceof ScimAuthError) {
      throw new ApiError(422, 'scim_target_unauthorized', `the SCIM target refused the token (${error.message})`, { field: 'body.token' });
    }
    const reason = error instanceof Error ? error.message : String(error);
    throw new ApiError(422, 'scim_target_unreachable', `the SCIM target at ${target.baseUrl} did not answer /ServiceProviderConfig (${reason})`, {
      field: 'body.baseUrl',
    });
  }
}
