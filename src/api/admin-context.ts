import type { AdminCaller, AdminDeps } from '../admin/index.js';
import type { AdminError } from '../admin/admin-error.js';
import { findRunningSync } from '../temporal/api-client.js';
import { temporalSyncSchedules } from '../temporal/schedules.js';
import type { ApiDeps } from './app-env.js';
import { actorOf, type Principal } from './auth/principal.js';
import { ApiError } from './errors.js';

/** The administration services' dependencies, from the API's. */
export function adminDepsOf(deps: ApiDeps): AdminDeps {
  return {
    db: deps.db,
    secrets: deps.secrets,
    schedules: temporalSyncSchedules(deps.temporal.client),
    logger: deps.logger,
    taskQueue: deps.temporal.taskQueue,
    defaultSyncIntervalSeconds: deps.settings.defaultSyncIntervalSeconds,
    findRunningSync: (tenantId, providerId) => findRunningSync(deps.temporal.client, tenantId, providerId),
    ...(deps.verifySisCredentials ? { verifySis: deps.verifySisCredentials } : {}),
    ...(deps.probeScimTarget ? { probeScim: deps.probeScimTarget } : {}),
  };
}

/** The admin token may point the bridge anywhere; tenant tokens only at public addresses unless the operator allows more. */
export function adminCallerOf(principal: Principal, deps: ApiDeps): AdminCaller {
  return { actor: actorOf(principal), allowPrivateAddresses: principal.kind === 'admin' || (deps.settings.allowPrivateOutbound ?? false) };
}

/**
 * A SIS or SCIM target that cannot be reached is a 422 like one that answers wrongly: the request
 * was well-formed, what it points at cannot be used. (A 502 would tell a caller probing addresses
 * whether something listens there, and reads as a fault of the bridge.)
 */
const STATUS_OF_KIND = { invalid: 400, not_found: 404, conflict: 409, refused: 422, unreachable: 422, unavailable: 502 } as const;

/** An administration refusal in the API's error shape (a 400 lists the field like any validation error). */
export function apiErrorOfAdmin(error: AdminError): ApiError {
  if (error.kind === 'invalid') {
    return new ApiError(400, error.code, error.message, { fields: [{ field: error.field ?? 'body', message: error.message }], ...error.details });
  }
  const details = error.field || error.details ? { ...(error.field ? { field: error.field } : {}), ...error.details } : undefined;
  return new ApiError(STATUS_OF_KIND[error.kind], error.code, error.message, details);
}
