/** Tenant administration: SIS providers, SCIM targets and notification endpoints, checked and changed all-or-nothing; starting, stopping and watching syncs. */
export { isAdminError } from './admin-error.js';
export type { AdminCaller, AdminDeps } from './admin-deps.js';
export { createProvider } from './provider-create.js';
export { updateProvider } from './provider-update.js';
export { deleteProvider } from './provider-delete.js';
export { putScimTarget } from './scim-target-put.js';
export { createNotificationEndpoint, deleteNotificationEndpoint, requireNotificationEndpoint, updateNotificationEndpoint } from './notification-endpoints.js';
export { decideHeldDeletions, listHeldDeletions } from './held-deletions.js';
export { startSyncs, stopSyncs, syncStatuses, type ProviderRun, type SyncControlDeps } from './sync-control.js';
