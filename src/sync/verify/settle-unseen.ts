import type { Database } from '../../db/database.js';
import {
  clearVerifyMarks,
  correctAppliedResource,
  forgetAppliedResource,
  forgetGroupMembers,
  unseenManaged,
  type ResourceType,
} from '../../db/queries/target-verify.js';
import { emptyRepairCounts, type RepairCounts } from '../../domain/target-repairs.js';
import { recordFindings, type Finding, type VerifyScope } from './compare-read-back.js';

const CHUNK = 1000;
/** Never a real document hash: forces the plan to re-send the whole resource. */
const UNVERIFIED_HASH = 'unverified:reidentified';

/**
 * After the read-back of one resource type: every record whose SCIM id was not met is gone
 * from the target. One found again by its externalId under another id keeps its record with
 * the new id (and is re-sent whole, since its attributes were not compared); the others are
 * forgotten, so the plan re-creates them (and re-adds their memberships). A deprovisioned
 * user that is gone needs nothing and is forgotten silently. Clears the run's marks.
 */
export async function settleUnseen(db: Database, scope: VerifyScope, resourceType: ResourceType): Promise<RepairCounts> {
  const counts = emptyRepairCounts();
  let after = '';
  for (;;) {
    const unseen = await unseenManaged(db, { runId: scope.runId, providerId: scope.providerId, resourceType }, after, CHUNK);
    if (unseen.length === 0) break;
    after = unseen[unseen.length - 1]!.sourceId;
    const findings: Finding[] = [];
    await db.transaction(async (tx) => {
      for (const record of unseen) {
        const key = { providerId: scope.providerId, resourceType, sourceId: record.sourceId };
        if (record.candidateScimId) {
          counts.reidentified += 1;
          findings.push({
            resourceType,
            sourceId: record.sourceId,
            scimId: record.candidateScimId,
            repair: 'reidentify',
            details: { previousScimId: record.scimId },
          });
          if (scope.dryRun) continue;
          await correctAppliedResource(tx, key, { scimId: record.candidateScimId, appliedHash: UNVERIFIED_HASH });
          // Its members were not compared either: the plan adds them again (adding a present member is a no-op).
          if (resourceType === 'Group') await forgetGroupMembers(tx, scope.providerId, record.sourceId);
          continue;
        }
        const repairable = resourceType === 'Group' || record.active;
        if (repairable) {
          if (resourceType === 'User') counts.usersMissing += 1;
          else counts.groupsMissing += 1;
          findings.push({ resourceType, sourceId: record.sourceId, scimId: record.scimId, repair: 'recreate', details: { differs: ['missing'] } });
        }
        if (!scope.dryRun) await forgetAppliedResource(tx, key);
      }
      await recordFindings(tx, scope, findings);
    });
  }
  await clearVerifyMarks(db, scope.runId, resourceType);
  return counts;
}
