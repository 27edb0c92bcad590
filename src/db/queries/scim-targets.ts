import { eq } from 'drizzle-orm';
import type { Database } from '../database.js';
import { scimTargets } from '../schema/index.js';

export type ScimTargetRow = typeof scimTargets.$inferSelect;

export async function getScimTarget(db: Database, tenantId: string): Promise<ScimTargetRow | undefined> {
  const [row] = await db.select().from(scimTargets).where(eq(scimTargets.tenantId, tenantId));
  return row;
}

export async function upsertScimTarget(db: Database, target: Omit<ScimTargetRow, 'updatedAt'>): Promise<ScimTargetRow> {
  const [row] = await db
    .insert(scimTargets)
    .values(target)
    .onConflictDoUpdate({
      target: scimTargets.tenantId,
      set: { baseUrl: target.baseUrl, dialect: target.dialect, secretPath: target.secretPath, updatedAt: new Date() },
    })
    .returning();
  if (!row) throw new Error('scim target upsert returned no row');
  return row;
}
