import { and, desc, eq, isNull } from 'drizzle-orm';
import type { Database } from '../database.js';
import { apiTokens } from '../schema/index.js';

export type ApiTokenRow = typeof apiTokens.$inferSelect;

export async function insertApiToken(db: Database, token: { tenantId: string; name: string; tokenHash: string }): Promise<ApiTokenRow> {
  const [row] = await db.insert(apiTokens).values(token).returning();
  if (!row) throw new Error('api token insert returned no row');
  return row;
}

/** The unrevoked token with this SHA-256 hash, if any. */
export async function findActiveApiToken(db: Database, tokenHash: string): Promise<ApiTokenRow | undefined> {
  const [row] = await db
    .select()
    .from(apiTokens)
    .where(and(eq(apiTokens.tokenHash, tokenHash), isNull(apiTokens.revokedAt)));
  return row;
}

export async function touchApiToken(db: Database, id: string): Promise<void> {
  await db.update(apiTokens).set({ lastUsedAt: new Date() }).where(eq(apiTokens.id, id));
}

export function listApiTokens(db: Database, tenantId: string): Promise<ApiTokenRow[]> {
  return db.select().from(apiTokens).where(eq(apiTokens.tenantId, tenantId)).orderBy(desc(apiTokens.createdAt));
}

/** Marks the token revoked (idempotent); undefined when the tenant has no such token. */
export async function revokeApiToken(db: Database, tenantId: string, id: string): Promise<ApiTokenRow | undefined> {
  const [existing] = await db
    .select()
    .from(apiTokens)
    .where(and(eq(apiTokens.tenantId, tenantId), eq(apiTokens.id, id)));
  if (!existing || existing.revokedAt) return existing;
  const [row] = await db.update(apiTokens).set({ revokedAt: new Date() }).where(eq(apiTokens.id, id)).returning();
  return row;
}
