import { and, asc, eq, ne, or, sql, type SQL } from 'drizzle-orm';
import type { SeatChange, SeatRow } from '../../domain/seats/reconcile-pool.js';
import { SEAT_AUDIT_ACTION, type SeatState } from '../../domain/seats/seat-state.js';
import type { Database } from '../database.js';
import { inList } from './in-list.js';
import { auditLog, seatAssignments } from '../schema/index.js';

const CHUNK = 1000;

export interface SeatScope {
  tenantId: string;
  poolId: string;
  runId: string | null;
}

/**
 * What the seat rules read of a pool: its live rows (not released; they hold capacity or
 * queue for it) of every provider, plus the released rows of `provider`'s `userIds` (those
 * users' previous state). Released history of everyone else stays in the database.
 */
export async function loadPoolRows(
  db: Database,
  tenantId: string,
  poolId: string,
  released: { providerId: string; userIds: readonly string[] },
): Promise<SeatRow[]> {
  const releasedOfUsers = and(eq(seatAssignments.providerId, released.providerId), inList(seatAssignments.userSourceId, released.userIds));
  const rows = await db
    .select()
    .from(seatAssignments)
    .where(and(eq(seatAssignments.tenantId, tenantId), eq(seatAssignments.poolId, poolId), or(ne(seatAssignments.state, 'released'), releasedOfUsers)));
  return rows.map((row) => ({
    providerId: row.providerId,
    userId: row.userSourceId,
    state: row.state,
    rank: row.rank,
    eligibleSince: row.eligibleSince.getTime(),
    graceStartedAt: row.graceStartedAt?.getTime() ?? null,
  }));
}

/**
 * Writes a reconcile's moves and one audit entry per move (silent priority refreshes get
 * none), in the caller's transaction so seat state and audit commit together.
 */
export async function writeSeatChanges(tx: Database, scope: SeatScope, changes: readonly SeatChange[], now: Date): Promise<void> {
  const finalByUser = new Map<string, SeatChange & { lastGrace: number | null }>();
  for (const change of changes) {
    const key = `${change.providerId}\u0000${change.userId}`;
    const lastGrace = change.to === 'releasing' ? change.graceStartedAt : (finalByUser.get(key)?.lastGrace ?? null);
    finalByUser.set(key, { ...change, lastGrace });
  }
  const at = (state: SeatState, change: SeatChange) => (change.to === state && change.from !== state ? now : null);
  const rows = [...finalByUser.values()].map((change) => ({
    tenantId: scope.tenantId,
    poolId: scope.poolId,
    providerId: change.providerId,
    userSourceId: change.userId,
    state: change.to,
    reason: change.reason,
    rank: change.rank,
    eligibleSince: new Date(change.eligibleSince),
    assignedAt: at('assigned', change),
    waitlistedAt: at('waitlisted', change),
    graceStartedAt: change.lastGrace === null ? null : new Date(change.lastGrace),
    releasedAt: at('released', change),
    updatedAt: now,
  }));
  for (let start = 0; start < rows.length; start += CHUNK) {
    await tx
      .insert(seatAssignments)
      .values(rows.slice(start, start + CHUNK))
      .onConflictDoUpdate({
        target: [seatAssignments.tenantId, seatAssignments.poolId, seatAssignments.providerId, seatAssignments.userSourceId],
        set: {
          state: sql`excluded.state`,
          reason: sql`excluded.reason`,
          rank: sql`excluded.rank`,
          eligibleSince: sql`excluded.eligible_since`,
          assignedAt: sql`coalesce(excluded.assigned_at, ${seatAssignments.assignedAt})`,
          waitlistedAt: sql`coalesce(excluded.waitlisted_at, ${seatAssignments.waitlistedAt})`,
          graceStartedAt: sql`case when excluded.state in ('assigned', 'waitlisted') then null else coalesce(excluded.grace_started_at, ${seatAssignments.graceStartedAt}) end`,
          releasedAt: sql`case when excluded.state = 'released' then coalesce(excluded.released_at, ${seatAssignments.releasedAt}) else null end`,
          updatedAt: sql`excluded.updated_at`,
        },
      });
  }
  const audited = changes.filter((change) => change.from !== change.to);
  for (let start = 0; start < audited.length; start += CHUNK) {
    await tx.insert(auditLog).values(
      audited.slice(start, start + CHUNK).map((change) => ({
        tenantId: scope.tenantId,
        runId: scope.runId,
        actor: 'system',
        action: SEAT_AUDIT_ACTION[change.to],
        targetType: 'seat_assignment',
        targetId: `${scope.poolId}/${change.userId}`,
        outcome: 'success' as const,
        details: { poolId: scope.poolId, providerId: change.providerId, sourceId: change.userId, from: change.from, to: change.to, reason: change.reason },
      })),
    );
  }
}

export interface SeatListQuery {
  tenantId: string;
  poolId?: string;
  state?: SeatState;
  userSourceId?: string;
  limit: number;
  offset: number;
}

export function listSeatAssignments(db: Database, query: SeatListQuery) {
  const conditions: SQL[] = [eq(seatAssignments.tenantId, query.tenantId)];
  if (query.poolId) conditions.push(eq(seatAssignments.poolId, query.poolId));
  if (query.state) conditions.push(eq(seatAssignments.state, query.state));
  if (query.userSourceId) conditions.push(eq(seatAssignments.userSourceId, query.userSourceId));
  return db
    .select()
    .from(seatAssignments)
    .where(and(...conditions))
    .orderBy(asc(seatAssignments.poolId), asc(seatAssignments.userSourceId), asc(seatAssignments.providerId))
    .limit(query.limit)
    .offset(query.offset);
}

/** Held (assigned + releasing) and waitlisted seats per pool of a tenant. */
export async function seatCountsByPool(db: Database, tenantId: string): Promise<Map<string, { held: number; waitlisted: number }>> {
  const rows = await db
    .select({
      poolId: seatAssignments.poolId,
      held: sql<number>`count(*) filter (where ${seatAssignments.state} in ('assigned', 'releasing'))`.mapWith(Number),
      waitlisted: sql<number>`count(*) filter (where ${seatAssignments.state} = 'waitlisted')`.mapWith(Number),
    })
    .from(seatAssignments)
    .where(and(eq(seatAssignments.tenantId, tenantId), ne(seatAssignments.state, 'released')))
    .groupBy(seatAssignments.poolId);
  return new Map(rows.map(({ poolId, ...counts }) => [poolId, counts]));
}
