/** Tenant administration: SIS providers, SCIM targets and notification endpoints, checked and changed all-or-nothing; starting, stopping and watching syncs. */
export { isAdminError, type AdminErrorKind } from './admin-error.js';
export type { AdminCaller, AdminDeps } from './admin-deps.js';
export { createProvider } from './provider-create.js';
export { updateProvider } from './provider-update.js';
export { deleteProvider } from './provider-delete.js';
export type { CreateProviderInput, UpdateProviderInput } from './provider-input.js';
export { putScimTarget, type PutScimTargetInput } from './scim-target-put.js';
export {
  createNotificationEndpoint,
  deleteNotificationEndpoint,
  requireNotificationEndpoint,
  updateNotificationEndpoint,
  type CreateNotificationEndpointInput,
  type UpdateNotificationEndpointInput,
} from './notification-endpoints.js';
export type { ScimProber, ScimTargetProbe } from './scim-probe.js';
export type { SisVerifier } from './sis-probe.js';
export { type OutboundPolicy } from './outbound-policy.js';
export { decideHeldDeletions, listHeldDeletions } from './held-deletions.js';
export { startSyncs, stopSyncs, syncStatuses, type ProviderRun, type ProviderSyncStatus, type SyncControlDeps } from './sync-control.js';
