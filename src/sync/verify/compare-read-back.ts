import type { Database } from '../../db/database.js';
import { auditLog } from '../../db/schema/index.js';
import {
  correctAppliedResource,
  forgetMembers,
  managedByScimIds,
  managedBySourceIds,
  managedUsersByScimIds,
  markCandidate,
  markSeen,
  recordedMembers,
  recordMembers,
  type ManagedResource,
  type ResourceType,
} from '../../db/queries/target-verify.js';
import { groupExternalId, userExternalId } from '../../domain/identity.js';
import { emptyRepairCounts, type RepairCounts } from '../../domain/target-repairs.js';
import { isScimRequestError, type ScimClient, type ScimGroup, type ScimResource } from '../../scim/index.js';
import { contentHash } from '../../domain/content-hash.js';
import { groupDrift, memberDrift, userDrift } from './drift-rules.js';

export interface VerifyScope {
  tenantId: string;
  providerId: string;
  runId: string;
  /** Report what differs (audit, counts) without correcting the record, so nothing is repaired. */
  dryRun: boolean;
}

/** One difference found on one resource, as the `scim.repair` audit entry states it. */
export interface Finding {
  resourceType: ResourceType;
  sourceId: string;
  scimId: string;
  repair: 'recreate' | 'reactivate' | 'deactivate' | 'restore' | 'members' | 'reidentify';
  details: Record<string, unknown>;
}

type Correction = { resource: ManagedResource; set: Parameters<typeof correctAppliedResource>[2] };
type MemberCorrection = { groupSourceId: string; missing: string[]; extra: string[] };

/**
 * Compares resources read back from the target (one page, or one batch of lookups) with the
 * bridge's record of them, and corrects the record to what the target holds, so that the
 * planner, which compares the SIS with the record, plans the repairs as ordinary creates,
 * updates and member patches. Resources the bridge does not manage are skipped: a page of
 * the target's Users is matched to records by SCIM id, then by the bridge's own externalId.
 */
export async function compareReadBack(
  db: Database,
  scim: ScimClient,
  scope: VerifyScope,
  resourceType: ResourceType,
  resources: readonly ScimResource[],
): Promise<RepairCounts> {
  const counts = emptyRepairCounts();
  const records = await managedByScimIds(
    db,
    { ...scope, resourceType },
    resources.map((resource) => resource.id),
  );
  const recordByScimId = new Map(records.map((record) => [record.scimId, record]));
  await noteCandidates(
    db,
    scope,
    resourceType,
    resources.filter((resource) => !recordByScimId.has(resource.id)),
  );

  const findings: Finding[] = [];
  const corrections: Correction[] = [];
  const memberCorrections: MemberCorrection[] = [];
  const matched = resources.flatMap((resource) => {
    const record = recordByScimId.get(resource.id);
    return record ? [{ resource, record }] : [];
  });
  for (const { resource, record } of matched) {
    if (resourceType === 'User') compareUser(record, resource, counts, findings, corrections);
    else compareGroup(record, resource, counts, findings, corrections);
  }
  if (resourceType === 'Group') {
    for (const change of await compareMembers(db, scim, scope, matched as Array<{ resource: ScimGroup; record: ManagedResource }>)) {
      counts.membersMissing += change.missing.length;
      counts.membersExtra += change.extra.length;
      memberCorrections.push(change);
      const record = matched.find((entry) => entry.record.sourceId === change.groupSourceId)!.record;
      findings.push({
        resourceType,
        sourceId: record.sourceId,
        scimId: record.scimId,
        repair: 'members',
        details: { missing: change.missing.length, extra: change.extra.length },
      });
    }
  }

  await db.transaction(async (tx) => {
    await markSeen(
      tx,
      scope.runId,
      resourceType,
      matched.map((entry) => entry.record.sourceId),
    );
    if (!scope.dryRun) {
      for (const { resource, set } of corrections)
        await correctAppliedResource(tx, { providerId: scope.providerId, resourceType, sourceId: resource.sourceId }, set);
      for (const change of memberCorrections) {
        // Missing members are forgotten (the plan adds them back); extra managed members are
        // recorded (the plan removes them unless the SIS enrols them).
        await forgetMembers(tx, scope.providerId, change.groupSourceId, change.missing);
        await recordMembers(tx, scope.providerId, change.groupSourceId, change.extra);
      }
    }
    await recordFindings(tx, scope, findings);
  });
  return counts;
}

function compareUser(record: ManagedResource, resource: ScimResource, counts: RepairCounts, findings: Finding[], corrections: Correction[]): void {
  const drift = userDrift(record.appliedDocument, resource);
  const set: Correction['set'] = {};
  const finding = (repair: Finding['repair'], details: Record<string, unknown>) =>
    findings.push({ resourceType: 'User', sourceId: record.sourceId, scimId: record.scimId, repair, details });
  if (record.active && drift.active === false) {
    set.active = false;
    counts.usersDeactivated += 1;
    finding('reactivate', { differs: ['active'], target: { active: false } });
  } else if (!record.active && drift.active === true) {
    // Deprovisioned by the bridge, active again: recorded as active, the plan deprovisions it
    // again — counted against the deletion-safety threshold like any deprovision.
    set.active = true;
    counts.usersReactivated += 1;
    finding('deactivate', { differs: ['active'], target: { active: true } });
  }
  if (drift.attributes.length > 0) {
    set.appliedDocument = drift.observed;
    set.appliedHash = contentHash(drift.observed);
    counts.usersChanged += 1;
    finding('restore', { differs: drift.attributes });
  }
  if (Object.keys(set).length > 0) corrections.push({ resource: record, set });
}

function compareGroup(record: ManagedResource, resource: ScimResource, counts: RepairCounts, findings: Finding[], corrections: Correction[]): void {
  const drift = groupDrift(record.appliedDocument, resource);
  if (drift.attributes.length === 0) return;
  counts.groupsChanged += 1;
  findings.push({ resourceType: 'Group', sourceId: record.sourceId, scimId: record.scimId, repair: 'restore', details: { differs: drift.attributes } });
  corrections.push({ resource: record, set: { appliedDocument: drift.observed, appliedHash: contentHash(drift.observed) } });
}

/**
 * Members of bridge-managed groups against the recorded ones. A group listed without its
 * `members` attribute while members are recorded is read on its own first: some targets leave
 * members out of listings, and RFC 7643 §2.5 omits an empty one the same way.
 */
async function compareMembers(
  db: Database,
  scim: ScimClient,
  scope: VerifyScope,
  groups: ReadonlyArray<{ resource: ScimGroup; record: ManagedResource }>,
): Promise<MemberCorrection[]> {
  const recorded = await recordedMembers(
    db,
    scope.providerId,
    groups.map((entry) => entry.record.sourceId),
  );
  const membersOnTarget = new Map<string, string[]>();
  for (const { resource, record } of groups) {
    let members = resource.members;
    if (members === undefined && (recorded.get(record.sourceId)?.size ?? 0) > 0) {
      members = await scim.groups.get(resource.id).then(
        (group) => group.members,
        (error: unknown) => {
          if (isScimRequestError(error, 404)) return [];
          throw error;
        },
      );
    }
    membersOnTarget.set(
      record.sourceId,
      (members ?? []).map((member) => member.value),
    );
  }
  // Only a member the record does not list for its group can be an extra one: the others
  // need no lookup, so a group that did not drift costs none (at 100k, 490k lookups a resync).
  const unrecorded = groups.flatMap(({ record }) => {
    const listed = new Set(recorded.get(record.sourceId)?.values());
    return (membersOnTarget.get(record.sourceId) ?? []).filter((scimId) => !listed.has(scimId));
  });
  const managedUsers = await managedUsersByScimIds(db, scope, unrecorded);
  return groups.flatMap(({ record }) => {
    const drift = memberDrift(recorded.get(record.sourceId) ?? new Map(), membersOnTarget.get(record.sourceId) ?? [], managedUsers);
    return drift.missing.length + drift.extra.length > 0 ? [{ groupSourceId: record.sourceId, ...drift }] : [];
  });
}

/**
 * Resources carrying this provider's externalId under a SCIM id the record does not know:
 * candidates for a record whose own id turns out to be gone (restored from a backup, or
 * re-created by someone else). Only used when the recorded id is not found.
 */
async function noteCandidates(db: Database, scope: VerifyScope, resourceType: ResourceType, resources: readonly ScimResource[]): Promise<void> {
  const bySourceId = new Map<string, ScimResource>();
  for (const resource of resources) {
    const sourceId = sourceIdOf(scope.providerId, resourceType, resource.externalId);
    if (sourceId !== undefined && !bySourceId.has(sourceId)) bySourceId.set(sourceId, resource);
  }
  if (bySourceId.size === 0) return;
  const records = await managedBySourceIds(db, { providerId: scope.providerId, resourceType }, [...bySourceId.keys()]);
  for (const record of records) await markCandidate(db, scope.runId, resourceType, record.sourceId, bySourceId.get(record.sourceId)!.id);
}

/**
 * The roster source id behind one of the bridge's own externalIds (src/domain/identity.ts).
 * @internal exported for its tests as well
 */
export function sourceIdOf(providerId: string, resourceType: ResourceType, externalId: string | undefined): string | undefined {
  if (externalId === undefined) return undefined;
  const groupPrefix = groupExternalId(providerId, '');
  if (resourceType === 'Group') return externalId.startsWith(groupPrefix) ? externalId.slice(groupPrefix.length) : undefined;
  const userPrefix = userExternalId(providerId, '');
  return externalId.startsWith(userPrefix) && !externalId.startsWith(groupPrefix) ? externalId.slice(userPrefix.length) : undefined;
}

type Transaction = Parameters<Parameters<Database['transaction']>[0]>[0];

/** One `scim.repair` audit entry per finding: what differed, and what the run does about it. */
export async function recordFindings(tx: Transaction | Database, scope: VerifyScope, findings: readonly Finding[]): Promise<void> {
  for (let start = 0; start < findings.length; start += 1000) {
    await tx.insert(auditLog).values(
      findings.slice(start, start + 1000).map((finding) => ({
        tenantId: scope.tenantId,
        runId: scope.runId,
        actor: 'system',
        action: 'scim.repair',
        targetType: finding.resourceType,
        targetId: finding.scimId,
        outcome: 'success' as const,
        details: { sourceId: finding.sourceId, repair: finding.repair, ...finding.details, ...(scope.dryRun ? { dryRun: true } : {}) },
      })),
    );
  }
}
