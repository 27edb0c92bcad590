import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { openDatabase, type DatabaseHandle } from '../src/db/database.js';

export const DEFAULT_BENCH_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/test';

/** `url` and `name` are set on Postgres only (other processes may connect to it; PGlite is in-process). */
export type BenchDatabase = DatabaseHandle & { label: string; name?: string; url?: string; dispose(): Promise<void> };

/**
 * A migrated database of its own for one benchmark: created on the Postgres at `adminUrl` and
 * dropped afterwards, or an in-memory PGlite when no Postgres answers there and the URL was a
 * default rather than one the user gave (`explicit`).
 */
export async function openBenchDatabase(adminUrl: string, explicit: boolean, maxConnections = 10): Promise<BenchDatabase> {
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {}, connect_timeout: 3 });
  try {
    await admin`select 1`;
  } catch (error) {
    await admin.end({ timeout: 1 }).catch(() => {});
    if (explicit) throw error;
    return openPgliteBenchDatabase('no Postgres at the default URL');
  }
  const name = `sis_bridge_bench_${randomBytes(6).toString('hex')}`;
  await admin.unsafe(`create database ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const handle = openDatabase({ kind: 'postgres', url: url.toString(), maxConnections });
  await handle.migrate();
  return {
    ...handle,
    label: `Postgres ${url.host}/${name} (dropped afterwards)`,
    name,
    url: url.toString(),
    dispose: async () => {
      await handle.close();
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}

/** A migrated in-memory PGlite database; `why` says why PGlite is used. */
export async function openPgliteBenchDatabase(why: string): Promise<BenchDatabase> {
  const handle = openDatabase({ kind: 'pglite' });
  await handle.migrate();
  return { ...handle, label: `PGlite (in memory; ${why})`, dispose: () => handle.close() };
}
