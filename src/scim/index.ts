/** Public surface of the SCIM client; the rest of the bridge imports from here only. */
export { connectScimClient, type ScimClient } from './scim-client.js';
export { readBackPageSize, type ScimDialect } from './dialect.js';
export { ScimHttp } from './http.js';
export { pooledTransport } from './pooled-transport.js';
export { mapWithConcurrency } from './concurrency.js';
export type { ScimWriteOperation } from './write-operations.js';
export type { ListCursor } from './resource-endpoint.js';
export * from './errors.js';
export * from './types.js';
