import { asc, eq } from 'drizzle-orm';
import type { Database } from '../database.js';
import { tenants } from '../schema/index.js';

export type TenantRow = typeof tenants.$inferSelect;
export type NewTenant = typeof tenants.$inferInsert;

/** Inserts a tenant; undefined when the id is taken. */
export async function createTenant(db: Database, tenant: NewTenant): Promise<TenantRow | undefined> {
  const [row] = await db.insert(tenants).values(tenant).onConflictDoNothing({ target: tenants.id }).returning();
  return row;
}

export async function getTenant(db: Database, id: string): Promise<TenantRow | undefined> {
  const [row] = await db.select().from(tenants).where(eq(tenants.id, id));
  return row;
}

export function listTenants(db: Database, page: { limit: number; offset: number }): Promise<TenantRow[]> {
  return db.select().from(tenants).orderBy(asc(tenants.id)).limit(page.limit).offset(page.offset);
}

export async function updateTenant(db: Database, id: string, changes: Partial<Pick<TenantRow, 'name' | 'settings'>>): Promise<TenantRow | undefined> {
  const [row] = await db
    .update(tenants)
    .set({ ...changes, updatedAt: new Date() })
    .where(eq(tenants.id, id))
    .returning();
  return row;
}
