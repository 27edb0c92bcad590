import { applyScimWrites } from './batch.js';
import { discoverCapabilities, type ScimCapabilities } from './discovery.js';
import { resolveDialect, type ScimDialect } from './dialect.js';
import { ScimGroups } from './groups.js';
import { ScimHttp, type ScimHttpOptions } from './http.js';
import { ResourceEndpoint } from './resource-endpoint.js';
import type { ScimWriteOperation, ScimWriteResult } from './write-operations.js';
import { ScimUsers } from './users.js';
import { parseGroup, parseUser } from './wire.js';

/**
 * The SCIM 2.0 client for one target (one tenant's service provider). `connectScimClient`
 * discovers what the target supports, derives the dialect (caller overrides win), and wires
 * Users, Groups and batch writes onto one HTTP layer with retries.
 */
export interface ScimClientOptions extends ScimHttpOptions {
  /** Per-target overrides of the discovered dialect (stored with the tenant's SCIM settings). */
  dialect?: Partial<ScimDialect>;
  /** Requests in flight for batch writes (single requests or bulk chunks). Default 8. */
  concurrency?: number;
  /** Skip discovery with capabilities found earlier (e.g. cached on the run). */
  capabilities?: ScimCapabilities;
}

export interface ScimClient {
  readonly capabilities: ScimCapabilities;
  readonly dialect: ScimDialect;
  readonly users: ScimUsers;
  readonly groups: ScimGroups;
  /** Apply writes (bulk or bounded-concurrency singles); one result per operation, in order. */
  applyWrites(operations: readonly ScimWriteOperation[]): Promise<ScimWriteResult[]>;
}

export async function connectScimClient(options: ScimClientOptions): Promise<ScimClient> {
  const http = new ScimHttp(options);
  const capabilities = options.capabilities ?? (await discoverCapabilities(http));
  return createScimClient(http, capabilities, options);
}

/** Build a client from known capabilities without any request (for tests and caching). */
function createScimClient(http: ScimHttp, capabilities: ScimCapabilities, options: Pick<ScimClientOptions, 'dialect' | 'concurrency'> = {}): ScimClient {
  const dialect = resolveDialect(capabilities, options.dialect);
  const users = new ScimUsers(new ResourceEndpoint(http, '/Users', parseUser), dialect);
  const groups = new ScimGroups(new ResourceEndpoint(http, '/Groups', parseGroup), capabilities, dialect);
  const concurrency = Math.max(1, options.concurrency ?? 8);
  return {
    capabilities,
    dialect,
    users,
    groups,
    applyWrites: (operations) => applyScimWrites({ http, targets: { users, groups }, dialect, concurrency }, operations),
  };
}
