import type { Database } from '../../db/database.js';
import type { ScimClient } from '../../scim/index.js';
import { mapWithConcurrency } from '../../scim/concurrency.js';
import { loadScimIds, type PendingItem } from './load-batch.js';
import { errorOf, isRetryable, type WriteOutcome } from './outcome.js';
import { appliedMembers } from './applied-members.js';

/** Groups whose member PATCHes are in flight at once within one batch. */
const GROUPS_IN_FLIGHT = 8;

/**
 * Member changes as diff PATCHes (the client chunks them to ≤100 per request). Users that
 * were never provisioned (their create failed) are left out and named in the item's error,
 * so one bad record does not block a whole section.
 */
export async function writeMemberships(db: Database, scim: ScimClient, providerId: string, items: readonly PendingItem[]): Promise<WriteOutcome[]> {
  const groups = await loadScimIds(
    db,
    providerId,
    'Group',
    items.map((item) => item.sourceId),
  );
  const userSourceIds = [...new Set(items.flatMap((item) => [...(item.details.add ?? []), ...(item.details.remove ?? [])]))];
  const users = await loadScimIds(db, providerId, 'User', userSourceIds);
  const current = await appliedMembers(
    db,
    providerId,
    items.map((item) => item.sourceId),
  );
  // Groups are independent: their PATCHes go out side by side (each group's own chunks stay in order).
  return mapWithConcurrency(items, GROUPS_IN_FLIGHT, async (item): Promise<WriteOutcome> => {
    const group = groups.get(item.sourceId);
    if (!group) {
      return { item, action: 'scim.group.members', ok: false, error: { detail: 'group was not provisioned' } };
    }
    const limit = scim.dialect.maxGroupMembers;
    // Against what is recorded as applied, so a retried item re-sends nothing already done.
    const members = current.get(item.sourceId) ?? new Set<string>();
    const planned = (item.details.add ?? []).filter((id) => !members.has(id));
    const add = planned.filter((id) => users.has(id));
    const remove = (item.details.remove ?? []).filter((id) => users.has(id) && members.has(id));
    const missing = planned.length - add.length;
    if (limit !== undefined) {
      const size = members.size + add.length - remove.length;
      if (size > limit) {
        return {
          item,
          action: 'scim.group.members',
          ok: false,
          error: { scimType: 'tooMany', detail: `section would have ${size} members; the target allows at most ${limit} per group` },
        };
      }
    }
    const byScimId = new Map([...add, ...remove].map((sourceId) => [users.get(sourceId)!.scimId, sourceId]));
    const results = await scim.groups.updateMembers(group.scimId, {
      add: add.map((id) => users.get(id)!.scimId),
      remove: remove.map((id) => users.get(id)!.scimId),
    });
    const added = results.filter((r) => r.ok).flatMap((r) => r.add.map((scimId) => byScimId.get(scimId)!));
    const removed = results.filter((r) => r.ok).flatMap((r) => r.remove.map((scimId) => byScimId.get(scimId)!));
    const failure = results.find((r) => !r.ok);
    if (failure && !failure.ok && isRetryable(failure.error)) {
      // Record what got through; the item stays pending and the retried batch sends only the rest.
      return {
        item,
        action: 'scim.group.members',
        ok: false,
        retryable: true,
        scimId: group.scimId,
        members: { added, removed },
        error: errorOf(failure.error),
      };
    }
    const problems = [
      failure && !failure.ok ? errorOf(failure.error).detail : undefined,
      missing > 0 ? `${missing} member(s) skipped: user not provisioned` : undefined,
    ].filter(Boolean);
    return {
      item,
      action: 'scim.group.members',
      ok: problems.length === 0,
      scimId: group.scimId,
      members: { added, removed },
      ...(problems.length > 0 ? { error: { detail: problems.join('; ') } } : {}),
    };
  });
}
