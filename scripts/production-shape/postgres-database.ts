import { randomBytes } from 'node:crypto';
import postgres from 'postgres';

export interface FreshDatabase {
  url: string;
  drop(): Promise<void>;
}

/** A new, empty database on the machine's Postgres; the bridge migrates it at start. */
export async function createFreshDatabase(adminUrl: string): Promise<FreshDatabase> {
  const name = `sis_bridge_shape_${randomBytes(4).toString('hex')}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`create database "${name}"`);
  } catch (error) {
    await admin.end();
    throw new Error(
      `cannot create a database on ${new URL(adminUrl).host} (${error instanceof Error ? error.message : String(error)}): is the machine's Postgres running?`,
    );
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      try {
        await admin.unsafe(`drop database if exists "${name}" with (force)`);
      } finally {
        await admin.end();
      }
    },
  };
}
