import { randomBytes, randomUUID } from 'node:crypto';
import type { Client, Connection } from '@temporalio/client';
import { sql } from 'drizzle-orm';
import { expect, inject } from 'vitest';
import { createApp } from '../../../src/api/app.js';
import { WebhookRejectionAudit } from '../../../src/api/routes/webhooks/rejection-audit.js';
import { createLogger } from '../../../src/logging/logger.js';
import { VaultSecretStore } from '../../../src/secrets/vault-store.js';
import { connectTestClient } from '../../support/temporal.js';
import { removeLeftovers } from '../../support/temporal-leftovers.js';
import { createTestDatabase, rowsOf, type TestDatabase } from '../../support/test-database.js';

export const DEFAULT_INTERVAL_SECONDS = 3600;

export interface RequestOptions {
  token?: string | null;
  body?: unknown;
  headers?: Record<string, string>;
}

/**
 * The API in-process (`app.request`) on the real services of the global setup: a per-suite
 * Postgres database, the Temporal dev server and OpenBao (secrets under a per-suite prefix).
 */
export interface ApiHarness {
  app: ReturnType<typeof createApp>;
  database: TestDatabase;
  secrets: VaultSecretStore;
  /** Prefix of this suite's secrets under the KV v2 mount. */
  secretPrefix: string;
  client: Client;
  taskQueue: string;
  readonly adminToken: string;
  call(method: string, path: string, options?: RequestOptions): Promise<Response>;
  /** Calls and parses JSON, asserting the status. */
  expectJson<T = Record<string, unknown>>(status: number, method: string, path: string, options?: RequestOptions): Promise<T>;
  createTenant(id?: string): Promise<string>;
  createTenantToken(tenantId: string): Promise<{ id: string; token: string }>;
  /** Reads a secret straight from OpenBao's HTTP API (not through the store under test). */
  readVault(path: string): Promise<{ status: number; data?: Record<string, string> }>;
  /** Writes the webhook rejection counts gathered so far as audit entries (the API does it each minute). */
  flushRejections(): Promise<void>;
  /** Every row of every table in the suite database, as one JSON string. */
  dumpDatabase(): Promise<string>;
  close(): Promise<void>;
}

export interface ApiHarnessOptions {
  scimDefaultBaseUrl?: string;
  taskQueue?: string;
  /** Default true: the simulators run on loopback. */
  allowPrivateOutbound?: boolean;
  /** Failed authentications per address before 429; default 1000, so sweeps over every route never meet it. */
  authFailureLimit?: number;
}

export async function startApiHarness(overrides: ApiHarnessOptions = {}): Promise<ApiHarness> {
  const database = await createTestDatabase();
  const { client, connection }: { client: Client; connection: Connection } = await connectTestClient();
  const secretPrefix = `api-test-${randomBytes(6).toString('hex')}`;
  const vaultUrl = inject('vaultUrl');
  const vaultToken = inject('vaultToken');
  const secrets = new VaultSecretStore({ url: vaultUrl, token: vaultToken, mount: 'secret', prefix: secretPrefix });
  const adminToken = `admin-${randomBytes(16).toString('hex')}`;
  const taskQueue = overrides.taskQueue ?? `api-test-${randomUUID()}`;
  const webhookRejections = new WebhookRejectionAudit(database.db, createLogger('silent'));
  const app = createApp({
    webhookRejections,
    db: database.db,
    secrets,
    logger: createLogger('silent'),
    readiness: {},
    temporal: { client, namespace: inject('temporalNamespace'), taskQueue, uiUrl: inject('temporalUiUrl') },
    // The SIS simulators and SCIM servers run on loopback, which tenant tokens may reach only by the operator's leave.
    settings: {
      adminToken,
      defaultSyncIntervalSeconds: DEFAULT_INTERVAL_SECONDS,
      scimDefaultBaseUrl: overrides.scimDefaultBaseUrl,
      allowPrivateOutbound: overrides.allowPrivateOutbound ?? true,
      authFailureLimit: overrides.authFailureLimit ?? 1000,
    },
  });

  const call = (method: string, path: string, options: RequestOptions = {}) => {
    const token = options.token === undefined ? adminToken : options.token;
    const headers: Record<string, string> = { ...(token ? { authorization: `Bearer ${token}` } : {}) };
    let body: string | undefined;
    if (options.body !== undefined) {
      headers['content-type'] = 'application/json';
      body = typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
    }
    return Promise.resolve(app.request(path, { method, headers: { ...headers, ...options.headers }, ...(body === undefined ? {} : { body }) }));
  };

  const harness: ApiHarness = {
    app,
    database,
    secrets,
    secretPrefix,
    client,
    taskQueue,
    adminToken,
    call,
    async expectJson<T>(status: number, method: string, path: string, options?: RequestOptions): Promise<T> {
      const response = await call(method, path, options);
      const text = await response.text();
      expect(response.status, `${method} ${path} → ${text}`).toBe(status);
      return (text ? JSON.parse(text) : undefined) as T;
    },
    async createTenant(id = `t-${randomBytes(4).toString('hex')}`) {
      await harness.expectJson(201, 'POST', '/tenants', { body: { id, name: `District ${id}` } });
      return id;
    },
    async createTenantToken(tenantId) {
      return harness.expectJson<{ id: string; token: string }>(201, 'POST', `/tenants/${tenantId}/tokens`, { body: { name: 'test' } });
    },
    async readVault(path) {
      const response = await fetch(`${vaultUrl}/v1/secret/data/${secretPrefix}/${path}`, { headers: { 'x-vault-token': vaultToken } });
      if (!response.ok) return { status: response.status };
      const body = (await response.json()) as { data: { data: Record<string, string> } };
      return { status: response.status, data: body.data.data };
    },
    flushRejections: () => webhookRejections.flush(),
    async dumpDatabase() {
      const tables = rowsOf<{ table_name: string }>(
        await database.db.execute(sql`select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE'`),
      );
      const dump: Record<string, unknown[]> = {};
      for (const { table_name } of tables) dump[table_name] = rowsOf(await database.db.execute(sql.raw(`select * from "${table_name}"`)));
      // bytea columns (embedded secrets) would not stringify usefully; decode them so a plaintext token would show.
      return JSON.stringify(dump, (_key, value: unknown) => (Buffer.isBuffer(value) ? value.toString('latin1') : value));
    },
    async close() {
      try {
        // Providers created through the API have schedules, and started syncs may still be open.
        await removeLeftovers(client, taskQueue);
      } finally {
        await webhookRejections.close();
        await connection.close();
        await database.dispose();
      }
    },
  };
  return harness;
}

/** Polls `read` until `done` holds (no wall-clock assertion: gives up only after a generous bound). */
export async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean, what: string, boundMs = 30_000): Promise<T> {
  const deadline = Date.now() + boundMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}; last value: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
