import type { Database } from '../db/database.js';
import { recordAudit } from '../db/queries/audit-log.js';
import { markSeatMembers, seatMemberRows } from '../db/queries/seat-group-members.js';
import { lockSeatPool, updateSeatPoolState } from '../db/queries/seat-pools.js';
import { seatGroupExternalId, seatGroupName } from '../domain/seats/seat-group.js';
import type { ScimClient } from '../scim/index.js';
import { errorOf, isRetryable } from '../sync/apply/outcome.js';

export interface SeatGroupRun {
  tenantId: string;
  runId: string;
}

/** A membership write that may succeed later; thrown after what did get through is recorded. */
class SeatGroupRetryableError extends Error {
  override readonly name = 'SeatGroupRetryableError';
  readonly type = 'SeatGroupRetryableError';
  readonly retryable = true;
}

/**
 * Makes the pool's seat Group hold exactly the seat holders (assigned or in grace) as diff
 * PATCHes against the membership recorded as applied, never a read-back or a full replace.
 * Runs under the pool's row lock, so two reconciles never send the same diff; the SCIM
 * client is connected only when there is something to write.
 */
export async function reflectSeatGroup(
  db: Database,
  connect: () => Promise<ScimClient>,
  poolId: string,
  run: SeatGroupRun,
): Promise<{ added: number; removed: number }> {
  let retryLater: Error | undefined;
  const result = await db.transaction(async (tx) => {
    const pool = await lockSeatPool(tx, run.tenantId, poolId);
    if (!pool?.scimGroup) return { added: 0, removed: 0 };
    const rows = await seatMemberRows(tx, run.tenantId, poolId);
    const add = rows.filter((row) => row.holdsSeat && !row.scimMember && row.scimId && row.scimActive);
    const remove = rows.filter((row) => !row.holdsSeat && row.scimMember && row.scimId);
    // A member whose SCIM User was deleted is gone from the Group with it.
    const vanished = rows.filter((row) => !row.holdsSeat && row.scimMember && !row.scimId);
    if (vanished.length > 0) await markSeatMembers(tx, run.tenantId, poolId, vanished, false);
    const name = seatGroupName(pool.name);
    if (pool.scimGroupId && pool.scimGroupName === name && add.length === 0 && remove.length === 0) return { added: 0, removed: 0 };

    const scim = await connect();
    const audit = (action: string, groupId: string, details: Record<string, unknown>, ok = true) =>
      recordAudit(tx, {
        tenantId: run.tenantId,
        runId: run.runId,
        actor: 'system',
        action,
        targetType: 'Group',
        targetId: groupId,
        outcome: ok ? 'success' : 'failure',
        details: { poolId, ...details },
      });
    let groupId = pool.scimGroupId;
    if (!groupId) {
      const created = await scim.groups.create({ displayName: name, externalId: seatGroupExternalId(run.tenantId, poolId) });
      groupId = created.resource.id;
      await updateSeatPoolState(tx, run.tenantId, poolId, { scimGroupId: groupId, scimGroupName: name });
      await audit('scim.group.create', groupId, created.adopted ? { adopted: true } : {});
    } else if (pool.scimGroupName !== name) {
      await scim.groups.update(groupId, { displayName: name, externalId: seatGroupExternalId(run.tenantId, poolId) });
      await updateSeatPoolState(tx, run.tenantId, poolId, { scimGroupName: name });
      await audit('scim.group.update', groupId, { changedFields: ['displayName'] });
    }
    if (add.length === 0 && remove.length === 0) return { added: 0, removed: 0 };

    const byScimId = new Map([...add, ...remove].map((row) => [row.scimId!, row]));
    const results = await scim.groups.updateMembers(groupId, { add: add.map((row) => row.scimId!), remove: remove.map((row) => row.scimId!) });
    const added = results.filter((r) => r.ok).flatMap((r) => r.add.map((id) => byScimId.get(id)!));
    const removed = results.filter((r) => r.ok).flatMap((r) => r.remove.map((id) => byScimId.get(id)!));
    await markSeatMembers(tx, run.tenantId, poolId, added, true);
    await markSeatMembers(tx, run.tenantId, poolId, removed, false);
    const failure = results.find((r) => !r.ok);
    const error = failure && !failure.ok ? failure.error : undefined;
    if (error && isRetryable(error)) retryLater = error;
    await audit(
      'scim.group.members',
      groupId,
      { added: added.length, removed: removed.length, ...(error ? { error: errorOf(error) } : {}), ...(retryLater ? { willRetry: true } : {}) },
      !error,
    );
    return { added: added.length, removed: removed.length };
  });
  if (retryLater) throw new SeatGroupRetryableError(`seat group of pool ${poolId}: ${retryLater.message}`);
  return result;
}
