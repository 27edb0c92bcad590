export * from './tenants.js';
export * from './sync-runs.js';
export * from './audit-log.js';
export * from './secrets.js';
