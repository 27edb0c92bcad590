import { and, eq, inArray, sql } from 'drizzle-orm';
import { rowsOf, type Database } from '../database.js';
import { scimResources, userNameClaims } from '../schema/index.js';

const CHUNK = 1000;

/**
 * userNames already held by some users of a provider: the applied one (it never changes once
 * written) or, before the first write, the claimed one.
 */
export async function heldUserNames(db: Database, providerId: string, sourceIds: readonly string[]): Promise<Map<string, string>> {
  const held = new Map<string, string>();
  for (let start = 0; start < sourceIds.length; start += CHUNK) {
    const chunk = sourceIds.slice(start, start + CHUNK);
    const claimed = await db
      .select({ sourceId: userNameClaims.sourceId, userName: userNameClaims.userName })
      .from(userNameClaims)
      .where(and(eq(userNameClaims.providerId, providerId), inArray(userNameClaims.sourceId, chunk)));
    for (const row of claimed) held.set(row.sourceId, row.userName);
    const applied = await db
      .select({ sourceId: scimResources.sourceId, userName: scimResources.userName })
      .from(scimResources)
      .where(and(eq(scimResources.providerId, providerId), eq(scimResources.resourceType, 'User'), inArray(scimResources.sourceId, chunk)));
    for (const row of applied) if (row.userName) held.set(row.sourceId, row.userName);
  }
  return held;
}

/**
 * Claims one name per user, all or none per user: a name taken in the tenant (by anyone,
 * any provider, including a claim made by a worker beside us) is refused by the primary key,
 * and the caller offers that user its next candidate. Returns the users whose claim held.
 */
export async function claimUserNames(
  db: Database,
  tenantId: string,
  providerId: string,
  claims: ReadonlyArray<{ sourceId: string; userName: string }>,
): Promise<Map<string, string>> {
  const granted = new Map<string, string>();
  // In key order: two workers claiming overlapping names then lock them in the same order, never crosswise.
  const ordered = [...claims].sort((a, b) =>
    a.userName.toLowerCase() < b.userName.toLowerCase() ? -1 : a.userName.toLowerCase() > b.userName.toLowerCase() ? 1 : 0,
  );
  for (let start = 0; start < ordered.length; start += CHUNK) {
    const rows = ordered
      .slice(start, start + CHUNK)
      .map((claim) => ({ source_id: claim.sourceId, user_name: claim.userName, user_name_key: claim.userName.toLowerCase() }));
    const result = await db.execute(sql`insert into user_name_claims (tenant_id, user_name_key, user_name, provider_id, source_id)
      select ${tenantId}, r.user_name_key, r.user_name, ${providerId}::uuid, r.source_id
      from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as r(source_id text, user_name text, user_name_key text)
      on conflict do nothing
      returning source_id, user_name`);
    for (const row of rowsOf<{ source_id: string; user_name: string }>(result)) granted.set(row.source_id, row.user_name);
  }
  return granted;
}
