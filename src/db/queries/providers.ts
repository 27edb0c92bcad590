import { and, asc, eq } from 'drizzle-orm';
import type { Database } from '../database.js';
import { providers } from '../schema/index.js';

export type ProviderRow = typeof providers.$inferSelect;
export type NewProvider = typeof providers.$inferInsert;
export type ProviderChanges = Partial<Pick<ProviderRow, 'name' | 'enabled' | 'connection' | 'scheduleIntervalSeconds' | 'mapping' | 'webhook'>>;

export async function insertProvider(db: Database, provider: NewProvider): Promise<ProviderRow> {
  const [row] = await db.insert(providers).values(provider).returning();
  if (!row) throw new Error('provider insert returned no row');
  return row;
}

export async function getProvider(db: Database, tenantId: string, id: string): Promise<ProviderRow | undefined> {
  const [row] = await db
    .select()
    .from(providers)
    .where(and(eq(providers.tenantId, tenantId), eq(providers.id, id)));
  return row;
}

export async function getProviderByName(db: Database, tenantId: string, name: string): Promise<ProviderRow | undefined> {
  const [row] = await db
    .select()
    .from(providers)
    .where(and(eq(providers.tenantId, tenantId), eq(providers.name, name)));
  return row;
}

export function listProviders(db: Database, tenantId: string, filter: { enabledOnly?: boolean } = {}): Promise<ProviderRow[]> {
  const conditions = [eq(providers.tenantId, tenantId)];
  if (filter.enabledOnly) conditions.push(eq(providers.enabled, true));
  return db
    .select()
    .from(providers)
    .where(and(...conditions))
    .orderBy(asc(providers.createdAt), asc(providers.id));
}

export async function updateProvider(db: Database, tenantId: string, id: string, changes: ProviderChanges): Promise<ProviderRow | undefined> {
  const [row] = await db
    .update(providers)
    .set({ ...changes, updatedAt: new Date() })
    .where(and(eq(providers.tenantId, tenantId), eq(providers.id, id)))
    .returning();
  return row;
}

export async function deleteProvider(db: Database, tenantId: string, id: string): Promise<boolean> {
  const rows = await db
    .delete(providers)
    .where(and(eq(providers.tenantId, tenantId), eq(providers.id, id)))
    .returning({ id: providers.id });
  return rows.length > 0;
}
