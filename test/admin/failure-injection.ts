import { sql } from 'drizzle-orm';
import type { Database } from '../../src/db/database.js';
import type { SecretStore } from '../../src/secrets/secret-store.js';
import type { SyncSchedules } from '../../src/temporal/schedules.js';

/** Which call of which dependency method fails next (the Nth call counted from arming). */
export class FailureInjector {
  private armed: { target: string; method: string; nth: number } | undefined;
  private calls = 0;

  arm(target: 'secrets' | 'schedules', method: string, nth = 1): void {
    this.armed = { target, method, nth };
    this.calls = 0;
  }

  disarm(): void {
    this.armed = undefined;
  }

  /** Throws when this is the armed call; the real dependency is called otherwise. */
  check(target: string, method: string): void {
    if (this.armed?.target !== target || this.armed.method !== method) return;
    this.calls += 1;
    if (this.calls === this.armed.nth) {
      this.armed = undefined;
      throw new Error(`injected failure: ${target}.${method}`);
    }
  }
}

/** The real secrets store, except for the armed call. */
export function failingSecrets(real: SecretStore, injector: FailureInjector): SecretStore {
  return {
    kind: real.kind,
    put: (path, value) => (injector.check('secrets', 'put'), real.put(path, value)),
    get: (path) => (injector.check('secrets', 'get'), real.get(path)),
    delete: (path) => (injector.check('secrets', 'delete'), real.delete(path)),
    rotate: (path, value) => (injector.check('secrets', 'rotate'), real.rotate(path, value)),
  };
}

/** The real Temporal schedules, except for the armed call. */
export function failingSchedules(real: SyncSchedules, injector: FailureInjector): SyncSchedules {
  return {
    create: async (spec) => (injector.check('schedules', 'create'), real.create(spec)),
    update: async (spec) => (injector.check('schedules', 'update'), real.update(spec)),
    delete: async (tenantId, providerId) => (injector.check('schedules', 'delete'), real.delete(tenantId, providerId)),
    describe: async (tenantId, providerId) => (injector.check('schedules', 'describe'), real.describe(tenantId, providerId)),
  };
}

/**
 * A real database failure, raised by Postgres itself: a trigger on `table` that fails the
 * statement while a row for (table, operation) sits in `injected_failures`.
 */
export async function installDatabaseFailures(
  db: Database,
  table: string,
): Promise<{ arm(operation: 'INSERT' | 'UPDATE' | 'DELETE'): Promise<void>; disarm(): Promise<void> }> {
  await db.execute(sql`create table if not exists injected_failures (table_name text not null, operation text not null)`);
  await db.execute(
    sql.raw(`create or replace function fail_when_injected() returns trigger language plpgsql as $$
      begin
        if exists (select 1 from injected_failures where table_name = TG_TABLE_NAME and operation = TG_OP) then
          raise exception 'injected failure on % of %', TG_OP, TG_TABLE_NAME;
        end if;
        return coalesce(new, old);
      end $$`),
  );
  await db.execute(
    sql.raw(`create trigger fail_when_injected before insert or update or delete on ${table} for each row execute function fail_when_injected()`),
  );
  return {
    arm: async (operation) => void (await db.execute(sql`insert into injected_failures values (${table}, ${operation})`)),
    disarm: async () => void (await db.execute(sql`delete from injected_failures`)),
  };
}
