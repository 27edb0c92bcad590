import { AsyncLocalStorage } from 'node:async_hooks';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';
import * as schema from './schema/index.js';

type Schema = typeof schema;
/** One type for both drivers: queries are written once as fn(db, params). */
export type Database = PgDatabase<PgQueryResultHKT, Schema>;

export type DatabaseTarget = { kind: 'postgres'; url: string; maxConnections?: number } | { kind: 'pglite'; dataDir?: string };

export interface DatabaseHandle {
  db: Database;
  driver: DatabaseTarget['kind'];
  /** Applies drizzle/ migrations; safe to call on every start. */
  migrate(): Promise<void>;
  /** Round-trip check for /readyz. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

const migrationsFolder = fileURLToPath(new URL('../../drizzle', import.meta.url));

/** `DATABASE_URL` → postgres.js; otherwise embedded PGlite persisted under `dataDir` (in memory when omitted). */
export function openDatabase(target: DatabaseTarget): DatabaseHandle {
  if (target.kind === 'postgres') {
    // Quiet NOTICEs (e.g. "schema already exists" from the migrator) stay out of the service log.
    const sql = postgres(target.url, { max: target.maxConnections ?? 10, onnotice: () => {} });
    const db = drizzlePostgres(sql, { schema });
    return {
      db,
      driver: 'postgres',
      migrate: () => migratePostgres(db, { migrationsFolder }),
      ping: async () => {
        await sql`select 1`;
      },
      close: () => sql.end({ timeout: 5 }),
    };
  }
  if (target.dataDir) mkdirSync(target.dataDir, { recursive: true });
  const client = guardTransactionNesting(new PGlite(target.dataDir));
  const db = drizzlePglite(client, { schema });
  return {
    db,
    driver: 'pglite',
    migrate: () => migratePglite(db, { migrationsFolder }),
    ping: async () => {
      await client.query('select 1');
    },
    close: () => client.close(),
  };
}

/** Rows of a raw `db.execute`: postgres.js returns them as an array, PGlite as `{ rows }`. */
export function rowsOf<T>(result: unknown): T[] {
  if (Array.isArray(result)) return result as T[];
  return (result as { rows?: T[] }).rows ?? [];
}

/** Thrown instead of hanging: see guardTransactionNesting. */
class NestedQueryError extends Error {
  override readonly name = 'NestedQueryError';
  readonly type = 'NestedQueryError';
  readonly retryable = false;
}

/**
 * PGlite is one connection: while a transaction runs, every other query waits for it. A query
 * on the root handle made from *inside* the transaction's own callback therefore waits for
 * itself for ever (a seat reconcile once wedged the whole embedded service that way, while the
 * same code passed on Postgres' pool). The transaction's async context is marked, and such a
 * query fails at once with a message naming the mistake; queries from other requests still
 * simply wait their turn.
 */
function guardTransactionNesting(client: PGlite): PGlite {
  const insideTransaction = new AsyncLocalStorage<true>();
  const query = client.query.bind(client);
  const exec = client.exec.bind(client);
  const transaction = client.transaction.bind(client);
  const refuseNested = () => {
    if (insideTransaction.getStore()) {
      throw new NestedQueryError(
        'a query used the database handle inside a transaction of the same flow; use the transaction (on the embedded database this would wait for ever)',
      );
    }
  };
  client.query = ((...args: Parameters<PGlite['query']>) => {
    refuseNested();
    return query(...args);
  }) as PGlite['query'];
  client.exec = ((...args: Parameters<PGlite['exec']>) => {
    refuseNested();
    return exec(...args);
  }) as PGlite['exec'];
  client.transaction = ((callback: Parameters<PGlite['transaction']>[0]) => {
    refuseNested();
    return transaction((tx) => insideTransaction.run(true, () => callback(tx)));
  }) as PGlite['transaction'];
  return client;
}
