import { expectedRoster } from '../../sim/district/expected-roster.js';
import type { DistrictStore } from '../../sim/district/model.js';
import { groupExternalId, userExternalId } from '../../src/domain/identity.js';
import { connectScimClient, type ScimGroup, type ScimUser } from '../../src/scim/index.js';

export interface TargetComparison {
  exact: boolean;
  users: number;
  groups: number;
  memberships: number;
  /** At most a few of each kind of difference, for the failure message. */
  problems: string[];
}

function differences(label: string, expected: Set<string>, actual: string[]): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const id of actual) {
    if (seen.has(id)) problems.push(`${label} ${id} twice`);
    else if (!expected.has(id)) problems.push(`${label} ${id} not in the SIS`);
    seen.add(id);
  }
  for (const id of expected) if (!seen.has(id)) problems.push(`${label} ${id} missing`);
  return problems;
}

/**
 * The SCIM target, read back over HTTP, against the SIS's own roster (sim/district/
 * expected-roster.ts): exactly one User per active SIS user, one Group per section, and each
 * Group's members exactly the section's enrolled users — nothing missing, nothing twice.
 */
export async function compareTargetWithSis(scim: { baseUrl: string; token: string }, store: DistrictStore, providerId: string): Promise<TargetComparison> {
  const client = await connectScimClient(scim);
  const users: ScimUser[] = [];
  for await (const page of client.users.pages()) users.push(...page);
  const groups: ScimGroup[] = [];
  for await (const page of client.groups.pages()) groups.push(...page);

  const roster = expectedRoster(store);
  const problems = [
    ...differences(
      'user',
      new Set(roster.users.map((user) => userExternalId(providerId, user.sourceId))),
      users.map((user) => user.externalId ?? `(no externalId) ${user.id}`),
    ),
    ...differences(
      'group',
      new Set(roster.sections.map((section) => groupExternalId(providerId, section.sourceId))),
      groups.map((group) => group.externalId ?? `(no externalId) ${group.id}`),
    ),
  ];

  const externalIdOfScimId = new Map(users.map((user) => [user.id, user.externalId]));
  const expectedMembers = new Map<string, Set<string>>();
  for (const enrollment of roster.enrollments) {
    const key = groupExternalId(providerId, enrollment.sectionId);
    const members = expectedMembers.get(key) ?? new Set<string>();
    members.add(userExternalId(providerId, enrollment.userId));
    expectedMembers.set(key, members);
  }
  let memberships = 0;
  for (const group of groups) {
    const actual = (group.members ?? []).map((member) => externalIdOfScimId.get(member.value) ?? `(unknown member) ${member.value}`);
    memberships += actual.length;
    problems.push(...differences(`member of ${group.externalId}:`, expectedMembers.get(group.externalId ?? '') ?? new Set(), actual));
  }
  return { exact: problems.length === 0, users: users.length, groups: groups.length, memberships, problems: problems.slice(0, 20) };
}
