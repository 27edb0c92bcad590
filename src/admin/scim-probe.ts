import { InvalidBaseUrlError } from '../domain/base-url.js';
import {
  connectScimClient,
  ScimAuthError,
  ScimError,
  ScimHttp,
  ScimProtocolError,
  ScimRateLimitError,
  ScimRequestError,
  ScimUnavailableError,
  type ScimDialect,
} from '../scim/index.js';
import { AdminError, invalidField } from './admin-error.js';
import { noRedirectFetch } from './no-redirect-fetch.js';

export interface ScimTargetProbe {
  baseUrl: string;
  token: string;
  /** The tenant's dialect overrides, applied over what discovery finds. */
  dialect?: Partial<ScimDialect>;
}

/** What discovery found and the dialect the client will use (after the tenant's overrides). */
export interface SettledScimDialect {
  /** `advertised`: from /ServiceProviderConfig; `assumed`: the target has no discovery endpoints. */
  discovery: 'advertised' | 'assumed';
  dialect: ScimDialect;
}

/** Reads the target as the probe does; throws the typed SCIM errors or NotScimAnswer. */
export type ScimProber = (target: ScimTargetProbe, signal: AbortSignal) => Promise<SettledScimDialect | void>;

const PROBE_TIMEOUT_MS = 10_000;
const LIST_RESPONSE = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';
const SERVICE_PROVIDER_CONFIG = 'urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig';

/** A 2xx whose body is not the SCIM document the path must return. */
class NotScimAnswer extends Error {
  override readonly name = 'NotScimAnswer';
  constructor(
    readonly path: string,
    readonly expected: string,
  ) {
    super(`GET ${path} did not answer with ${expected}`);
  }
}

/**
 * Any 2xx is not enough (a Web UI on the same port answers 200 too). RFC 7644 §4 lets
 * /ServiceProviderConfig answer without authentication and some targets do not serve it at
 * all (404/501; the client then assumes a conservative dialect), so the decisive answer is a
 * one-result page of /Users: a SCIM ListResponse (RFC 7644 §3.4.2), which also proves the token.
 * A /ServiceProviderConfig that does answer 2xx must be one.
 */
const probeWithScimHttp: ScimProber = async (target, signal) => {
  signal.throwIfAborted();
  // One attempt: an admin waiting on a PUT wants the answer now, not after backoff.
  const http = new ScimHttp({ baseUrl: target.baseUrl, token: target.token, retry: { maxAttempts: 1 }, timeoutMs: PROBE_TIMEOUT_MS, fetch: noRedirectFetch });
  try {
    const config = await http.request({ method: 'GET', path: '/ServiceProviderConfig' });
    if (!isScimDocument(config.body, SERVICE_PROVIDER_CONFIG, ['patch', 'filter', 'bulk']))
      throw new NotScimAnswer('/ServiceProviderConfig', 'a SCIM ServiceProviderConfig');
  } catch (error) {
    if (!(error instanceof ScimRequestError && (error.status === 404 || error.status === 501))) throw error;
  }
  const users = await http.request({ method: 'GET', path: '/Users', query: { count: 1 } });
  if (!isScimDocument(users.body, LIST_RESPONSE, ['totalResults'])) throw new NotScimAnswer('/Users', 'a SCIM ListResponse');
  // Now known to be SCIM: discovery as a sync will do it, to report the dialect it settles on.
  const client = await connectScimClient({
    baseUrl: target.baseUrl,
    token: target.token,
    retry: { maxAttempts: 1 },
    timeoutMs: PROBE_TIMEOUT_MS,
    fetch: noRedirectFetch,
    dialect: target.dialect ?? {},
  });
  return { discovery: client.capabilities.source, dialect: client.dialect };
};

function isScimDocument(body: unknown, schema: string, telltales: readonly string[]): boolean {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return false;
  const schemas = (body as { schemas?: unknown }).schemas;
  if (Array.isArray(schemas)) return schemas.includes(schema);
  return telltales.some((key) => key in body);
}

/** Probes the target with its token; AdminErrors name the status and what was expected, never the target's own text. */
export async function probeScimTarget(target: ScimTargetProbe, probe: ScimProber = probeWithScimHttp): Promise<SettledScimDialect | undefined> {
  try {
    return (await probe(target, AbortSignal.timeout(PROBE_TIMEOUT_MS))) ?? undefined;
  } catch (error) {
    throw scimProbeFailure(error);
  }
}

function scimProbeFailure(error: unknown): Error {
  if (error instanceof InvalidBaseUrlError) return invalidField('body.baseUrl', error.problem);
  if (error instanceof ScimAuthError) {
    return new AdminError(
      'refused',
      'scim_target_unauthorized',
      `the SCIM target answered HTTP ${error.status ?? '401'} to ${error.method} ${error.path}: the token was refused`,
      'body.token',
    );
  }
  if (error instanceof NotScimAnswer) return new AdminError('refused', 'scim_target_not_scim', `the SCIM target: ${error.message}`, 'body.baseUrl');
  if (error instanceof ScimRequestError || error instanceof ScimProtocolError) {
    const what = error instanceof ScimProtocolError ? `HTTP ${error.status ?? '2xx'} with a body that is not JSON` : `HTTP ${error.status}`;
    return new AdminError(
      'refused',
      'scim_target_not_scim',
      `the SCIM target answered ${what} to ${error.method} ${error.path}; expected a SCIM answer`,
      'body.baseUrl',
    );
  }
  if (error instanceof ScimUnavailableError || error instanceof ScimRateLimitError || error instanceof ScimError || isAbort(error)) {
    const status = error instanceof ScimError && error.status ? ` (last answer HTTP ${error.status})` : '';
    return new AdminError('refused', 'scim_target_unreachable', `the SCIM target could not be reached${status}`, 'body.baseUrl');
  }
  return error instanceof Error ? error : new Error(String(error));
}

function isAbort(error: unknown): boolean {
  return error instanceof Error && (error.name === 'AbortError' || error.name === 'TimeoutError');
}
