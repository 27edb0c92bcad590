import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordAudit } from '../../src/db/queries/audit-log.js';
import { tenants } from '../../src/db/schema/index.js';
import { createTestDatabase, rowsOf, usesRealPostgres, type TestDatabase } from '../support/test-database.js';

// PGlite always; the real Postgres whenever TEST_DATABASE_URL is set (CI sets it).
const drivers = usesRealPostgres() ? (['pglite', 'default'] as const) : (['pglite'] as const);

describe.each(drivers)('migrations on %s', (driver) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase(driver);
  });
  afterAll(() => database.dispose());

  it('creates every table of the schema', async () => {
    const result = await database.db.execute(sql`select table_name from information_schema.tables where table_schema = 'public'`);
    const names = rowsOf<{ table_name: string }>(result).map((row) => row.table_name);
    expect(names).toEqual(expect.arrayContaining(['audit_log', 'providers', 'secrets', 'sync_runs', 'tenants']));
  });

  it('is idempotent when applied again', async () => {
    await expect(database.migrate()).resolves.toBeUndefined();
  });

  it('keeps the audit log append-only', async () => {
    await database.db.insert(tenants).values({ id: `t-${driver}`, name: 'Test district' });
    const id = await recordAudit(database.db, { tenantId: `t-${driver}`, actor: 'test', action: 'test.insert', outcome: 'success' });
    expect(id).toBeGreaterThan(0);
    expect(await failureOf(database.db.execute(sql`update audit_log set actor = 'someone else' where id = ${id}`))).toMatch(/append-only/);
    expect(await failureOf(database.db.execute(sql`delete from audit_log where id = ${id}`))).toMatch(/append-only/);
  });
});

/** drizzle wraps driver errors ("Failed query: …"); the database's own message is the cause. */
async function failureOf(query: Promise<unknown>): Promise<string> {
  try {
    await query;
  } catch (error) {
    const cause = (error as { cause?: unknown }).cause;
    return `${String(error)} ${cause instanceof Error ? cause.message : String(cause)}`;
  }
  return 'no error';
}
