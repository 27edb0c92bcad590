import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { inject } from 'vitest';
import { openDatabase, type DatabaseHandle } from '../../src/db/database.js';

export interface TestDatabase extends DatabaseHandle {
  /** The suite database's URL on the real Postgres (undefined on PGlite). */
  url?: string;
  /** Drops the suite's database (Postgres) or closes PGlite. */
  dispose(): Promise<void>;
}

/**
 * A fresh, migrated database for one suite: its own database on the real Postgres when
 * TEST_DATABASE_URL is set (dropped afterwards), else an in-memory PGlite.
 */
export async function createTestDatabase(driver: 'default' | 'pglite' = 'default'): Promise<TestDatabase> {
  const adminUrl = inject('testDatabaseUrl');
  if (driver === 'pglite' || !adminUrl) {
    const handle = openDatabase({ kind: 'pglite' });
    await handle.migrate();
    return { ...handle, dispose: () => handle.close() };
  }
  const name = `sis_bridge_test_${randomBytes(6).toString('hex')}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const handle = openDatabase({ kind: 'postgres', url: url.toString(), maxConnections: 5 });
  await handle.migrate();
  return {
    ...handle,
    url: url.toString(),
    dispose: async () => {
      await handle.close();
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}

export function usesRealPostgres(): boolean {
  return inject('testDatabaseUrl') !== '';
}

export { rowsOf } from '../../src/db/database.js';
