import { randomBytes } from 'node:crypto';
import { betterAuth, type BetterAuthOptions } from 'better-auth';
import { memoryAdapter } from 'better-auth/adapters/memory';
import { toNodeHandler } from 'better-auth/node';
import { getAuthTables } from 'better-auth/db';
import { scim } from '@better-auth/scim';
import { listenOnLoopback } from './http-listener.js';
import { TrafficControl } from './traffic-control.js';

/**
 * A real better-auth instance with the `@better-auth/scim` plugin (1.7.x) on loopback.
 *
 * Facts about the installed plugin that the client and tests rely on (read from its source):
 * - Tokens: 1.7 authenticates SCIM with static per-connection bearer credentials declared in
 *   the plugin options (`connections[].credentials[].token`); no organization, user or token
 *   endpoint is needed. Each connection owns an isolated set of Users and Groups.
 * - Groups ARE served (`/Groups` with incremental member PATCH), capped at 1000 direct members;
 *   Group `displayName` and `externalId` are unique per connection.
 * - Users need an email: `emails` is required unless `userName` itself is an email, and the
 *   primary email must be unique across Better Auth Users (409 uniqueness otherwise).
 * - ServiceProviderConfig: patch yes, bulk NO, filter yes (maxResults 100: `count` is capped
 *   at 100), sort no, etag no. Filters: only `eq` on id, externalId, userName, emails.value,
 *   displayName, joined by `and`; values are JSON strings, so RFC 7644 escaping works.
 * - Rate limiting (429 with `X-Retry-After` in seconds, non-SCIM JSON body) is better-auth's
 *   global limiter, off by default outside production; `rateLimit` below switches it on.
 * - It requires an adapter with transactions; the memory adapter clones the whole database
 *   per transaction, so it suits tests of hundreds or a few thousand users, not 100k.
 */
export interface BetterAuthScimServerOptions {
  /** Bearer token for the one SCIM connection; random when omitted. */
  token?: string;
  /** Enable better-auth's own rate limiter for SCIM paths (window in seconds). */
  rateLimit?: { window: number; max: number };
  port?: number;
}

export interface BetterAuthScimServer {
  /** SCIM base URL, e.g. http://127.0.0.1:41234/api/auth/scim/v2 */
  baseUrl: string;
  token: string;
  traffic: TrafficControl;
  close(): Promise<void>;
}

const CONNECTION_ID = 'sis-bridge';

export async function startBetterAuthScimServer(options: BetterAuthScimServerOptions = {}): Promise<BetterAuthScimServer> {
  const token = options.token ?? `ba-scim-${randomBytes(24).toString('hex')}`;
  const traffic = new TrafficControl();
  const listener = await listenOnLoopback(traffic, options.port);

  const authOptions = {
    baseURL: listener.origin,
    secret: randomBytes(32).toString('hex'),
    telemetry: { enabled: false },
    logger: { level: 'error' },
    rateLimit: options.rateLimit ? { enabled: true, storage: 'memory', window: options.rateLimit.window, max: options.rateLimit.max } : { enabled: false },
    plugins: [scim({ connections: [{ id: CONNECTION_ID, credentials: [{ type: 'bearer', id: 'primary', token }] }] })],
  } satisfies BetterAuthOptions;

  // The memory adapter throws on a model without a table, so create one per declared model.
  const tables: Record<string, Record<string, unknown>[]> = {};
  for (const table of Object.values(getAuthTables(authOptions))) tables[table.modelName] = [];
  const auth = betterAuth({ ...authOptions, database: memoryAdapter(tables) });

  listener.setHandler(toNodeHandler(auth));
  return {
    baseUrl: `${listener.origin}/api/auth/scim/v2`,
    token,
    traffic,
    close: listener.close,
  };
}
