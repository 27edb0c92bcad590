/**
 * What a target verification found different from the bridge's record of what it applied,
 * and so what the run repairs: missing resources are re-created, deactivated users
 * reactivated (or, when deprovisioned, deactivated again), changed attributes put back, and
 * missing or extra members of bridge-managed groups patched.
 */
export interface RepairCounts {
  usersMissing: number;
  /** Active in the SIS but deactivated on the target. */
  usersDeactivated: number;
  /** Deprovisioned by the bridge but active again on the target. */
  usersReactivated: number;
  usersChanged: number;
  groupsMissing: number;
  groupsChanged: number;
  membersMissing: number;
  membersExtra: number;
  /** Found again under another SCIM id (by externalId): the recorded id was updated. */
  reidentified: number;
}

export function emptyRepairCounts(): RepairCounts {
  return {
    usersMissing: 0,
    usersDeactivated: 0,
    usersReactivated: 0,
    usersChanged: 0,
    groupsMissing: 0,
    groupsChanged: 0,
    membersMissing: 0,
    membersExtra: 0,
    reidentified: 0,
  };
}

export function addRepairCounts(total: RepairCounts, more: RepairCounts): RepairCounts {
  for (const key of Object.keys(total) as Array<keyof RepairCounts>) total[key] += more[key];
  return total;
}

/** One line for the run's message, e.g. "target verified: 3 users missing, 2 members missing". */
export function describeRepairs(counts: RepairCounts): string {
  const parts = [
    [counts.usersMissing, 'users missing'],
    [counts.usersDeactivated, 'users deactivated'],
    [counts.usersReactivated, 'deprovisioned users active again'],
    [counts.usersChanged, 'users changed'],
    [counts.groupsMissing, 'groups missing'],
    [counts.groupsChanged, 'groups changed'],
    [counts.membersMissing, 'members missing'],
    [counts.membersExtra, 'members extra'],
    [counts.reidentified, 'found under a new id'],
  ]
    .filter(([count]) => (count as number) > 0)
    .map(([count, label]) => `${count} ${label}`);
  return parts.length === 0 ? 'target verified: no drift' : `target verified: ${parts.join(', ')}`;
}
