// The workflow bundle entry: the worker loads this file by path because workflows run in a
// separate, deterministic V8 context, bundled apart from the rest of the service.
export { scheduledSync } from './scheduled-sync.js';
export { tenantSync } from './tenant-sync.js';
export { providerEvents } from './provider-events.js';
export { deliverNotifications } from './deliver-notifications.js';
