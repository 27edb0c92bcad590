import type { Database } from '../../db/database.js';
import type { RosterSection, RosterUser } from '../../domain/roster.js';
import type { ScimClient, ScimWriteOperation } from '../../scim/index.js';
import { contentHash } from '../../domain/content-hash.js';
import { desiredGroup, desiredUser, type MappingLookups } from '../../domain/desired-documents.js';
import { loadMirrorRecords } from '../../db/queries/roster-records.js';
import { loadScimIds, type PendingItem } from './load-batch.js';
import { errorOf, isRetryable, type AppliedDocumentState, type WriteOutcome } from './outcome.js';

const ACTIONS: Record<ScimWriteOperation['kind'], string> = {
  createUser: 'scim.user.create',
  replaceUser: 'scim.user.update',
  patchUser: 'scim.user.update',
  deactivateUser: 'scim.user.deactivate',
  deleteUser: 'scim.user.delete',
  createGroup: 'scim.group.create',
  updateGroup: 'scim.group.update',
  deleteGroup: 'scim.group.delete',
};

interface Prepared {
  item: PendingItem;
  operation: ScimWriteOperation;
  state?: AppliedDocumentState;
}

/**
 * Creates, updates and deprovisions of Users and Groups, through the client's batch writer.
 * `retried`: an earlier attempt of this batch may have sent these creates before it died, so
 * each is looked up by externalId (and adopted) before it is sent again.
 */
export async function writeResources(
  db: Database,
  scim: ScimClient,
  lookups: MappingLookups,
  items: readonly PendingItem[],
  retried = false,
): Promise<WriteOutcome[]> {
  const userIds = items.filter((item) => item.resourceType === 'User').map((item) => item.sourceId);
  const groupIds = items.filter((item) => item.resourceType === 'Group').map((item) => item.sourceId);
  const users = await loadMirrorRecords(db, lookups.providerId, 'users', userIds);
  const sections = await loadMirrorRecords(db, lookups.providerId, 'sections', groupIds);
  const appliedUsers = await loadScimIds(db, lookups.providerId, 'User', userIds);
  const appliedGroups = await loadScimIds(db, lookups.providerId, 'Group', groupIds);

  const prepared: Prepared[] = [];
  const outcomes: WriteOutcome[] = [];
  for (const item of items) {
    const ref = String(item.seq);
    const applied = (item.resourceType === 'User' ? appliedUsers : appliedGroups).get(item.sourceId);
    if (item.op === 'deprovision') {
      if (!applied) continue;
      const remove = item.details.policy === 'delete';
      const kind = item.resourceType === 'User' ? (remove ? 'deleteUser' : 'deactivateUser') : 'deleteGroup';
      prepared.push({ item, operation: { kind, ref, id: applied.scimId } });
      continue;
    }
    if (item.resourceType === 'User') {
      const user = users.get(item.sourceId);
      const userName = applied?.userName ?? item.details.userName;
      if (!user || !userName) {
        outcomes.push({ item, action: 'scim.user.write', ok: false, error: { detail: 'roster record or userName missing at apply time' } });
        continue;
      }
      const document = desiredUser(user as RosterUser, userName, lookups);
      const state = { externalId: document.externalId, userName, appliedHash: contentHash(document), appliedDocument: { ...document } };
      prepared.push({
        item,
        state,
        operation: applied ? { kind: 'replaceUser', ref, id: applied.scimId, user: document } : { kind: 'createUser', ref, user: document, mayExist: retried },
      });
    } else {
      const section = sections.get(item.sourceId);
      if (!section) {
        outcomes.push({ item, action: 'scim.group.write', ok: false, error: { detail: 'roster record missing at apply time' } });
        continue;
      }
      const document = desiredGroup(section as RosterSection, lookups);
      const state = { externalId: document.externalId, userName: null, appliedHash: contentHash(document), appliedDocument: { ...document } };
      prepared.push({
        item,
        state,
        operation: applied
          ? { kind: 'updateGroup', ref, id: applied.scimId, group: document }
          : { kind: 'createGroup', ref, group: document, mayExist: retried },
      });
    }
  }

  const results = await scim.applyWrites(prepared.map((entry) => entry.operation));
  results.forEach((result, index) => {
    const entry = prepared[index]!;
    const action = ACTIONS[entry.operation.kind];
    if (result.ok) {
      const deprovision = entry.item.op === 'deprovision' ? (entry.operation.kind === 'deactivateUser' ? 'deactivate' : 'delete') : undefined;
      outcomes.push({
        item: entry.item,
        action,
        ok: true,
        scimId: result.id,
        adopted: result.adopted,
        ...(entry.state ? { state: entry.state } : {}),
        ...(deprovision ? { deprovision } : {}),
      });
    } else {
      outcomes.push({ item: entry.item, action, ok: false, error: errorOf(result.error), retryable: isRetryable(result.error) });
    }
  });
  return outcomes;
}
