import { and, asc, eq, gt, isNull } from 'drizzle-orm';
import type { Database } from '../../db/database.js';
import { rosterRecords } from '../../db/schema/index.js';
import type { PlanItemDetails } from '../../db/schema/sync-plan.js';
import type { RosterSection, RosterUser } from '../../domain/roster.js';
import { assignUserName } from '../../domain/username.js';
import { contentHash } from '../content-hash.js';
import { desiredGroup, desiredUser, type MappingLookups } from '../desired-documents.js';
import type { AppliedResource } from './applied-state.js';
import { changedFields } from './changed-fields.js';

export interface PlannedItem {
  op: 'create' | 'update' | 'deprovision' | 'members';
  resourceType: 'User' | 'Group';
  sourceId: string;
  details: PlanItemDetails & { userName?: string };
}

const PAGE = 5000;

/** Canonical records of a kind this run saw (full) or changed (incremental), streamed in source id order. */
async function* seenRecords<T>(db: Database, providerId: string, kind: 'users' | 'sections', runId: string): AsyncGenerator<T[]> {
  let after = '';
  for (;;) {
    const rows = await db
      .select({ sourceId: rosterRecords.sourceId, data: rosterRecords.data })
      .from(rosterRecords)
      .where(and(eq(rosterRecords.providerId, providerId), eq(rosterRecords.kind, kind), eq(rosterRecords.seenRunId, runId), isNull(rosterRecords.deletedRunId), gt(rosterRecords.sourceId, after)))
      .orderBy(asc(rosterRecords.sourceId))
      .limit(PAGE);
    if (rows.length === 0) return;
    yield rows.map((row) => row.data as T);
    after = rows[rows.length - 1]!.sourceId;
  }
}

/** Creates and updates for Users, assigning userNames to new users (stable for existing ones). */
export async function planUsers(db: Database, runId: string, lookups: MappingLookups, applied: Map<string, AppliedResource>, taken: Set<string>): Promise<{ items: PlannedItem[] }> {
  const items: PlannedItem[] = [];
  for await (const users of seenRecords<RosterUser>(db, lookups.providerId, 'users', runId)) {
    for (const user of users) {
      const existing = applied.get(user.sourceId);
      const userName =
        existing?.userName ??
        assignUserName(user, lookups.settings.usernameTemplates, lookups.settings.emailDomain, (name) => taken.has(name.toLowerCase()));
      if (!existing) {
        taken.add(userName.toLowerCase());
        items.push({ op: 'create', resourceType: 'User', sourceId: user.sourceId, details: { userName } });
        continue;
      }
      const document = desiredUser(user, userName, lookups);
      if (existing.appliedHash !== contentHash(document) || !existing.active) {
        items.push({ op: 'update', resourceType: 'User', sourceId: user.sourceId, details: { changedFields: changedFields(existing.appliedDocument, document) } });
      }
    }
  }
  return { items };
}

export async function planGroups(db: Database, runId: string, lookups: MappingLookups, applied: Map<string, AppliedResource>): Promise<{ items: PlannedItem[] }> {
  const items: PlannedItem[] = [];
  for await (const sections of seenRecords<RosterSection>(db, lookups.providerId, 'sections', runId)) {
    for (const section of sections) {
      const existing = applied.get(section.sourceId);
      if (!existing) {
        items.push({ op: 'create', resourceType: 'Group', sourceId: section.sourceId, details: {} });
        continue;
      }
      const document = desiredGroup(section, lookups);
      if (existing.appliedHash !== contentHash(document)) {
        items.push({ op: 'update', resourceType: 'Group', sourceId: section.sourceId, details: { changedFields: changedFields(existing.appliedDocument, document) } });
      }
    }
  }
  return { items };
}

/**
 * Applied and still active, but gone from the roster: marked deleted in the mirror, or (full
 * sync only) with no mirror record at all. Incremental runs deprovision only on an explicit
 * deletion, never by absence.
 */
export function planDeprovisions(
  resourceType: 'User' | 'Group',
  applied: Map<string, AppliedResource>,
  presence: { present: ReadonlySet<string>; deleted: ReadonlySet<string> },
  policy: 'deactivate' | 'delete',
  sweepMissing: boolean,
): PlannedItem[] {
  const items: PlannedItem[] = [];
  for (const [sourceId, resource] of applied) {
    if (!resource.active || presence.present.has(sourceId)) continue;
    if (!presence.deleted.has(sourceId) && !sweepMissing) continue;
    // Sections have no "inactive" state in SCIM: a vanished section's Group is deleted.
    items.push({ op: 'deprovision', resourceType, sourceId, details: { policy: resourceType === 'Group' ? 'delete' : policy } });
  }
  return items.sort((a, b) => a.sourceId.localeCompare(b.sourceId));
}
