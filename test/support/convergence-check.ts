import { expectedRoster } from '../../sim/district/expected-roster.js';
import type { DistrictStore } from '../../sim/district/model.js';
import { toScimGroup } from '../../src/domain/group-mapping.js';
import { groupExternalId, userExternalId } from '../../src/domain/identity.js';
import { toScimUser } from '../../src/domain/user-mapping.js';
import { canonicalJson } from '../../src/domain/canonical-json.js';
import { connectScimClient, type ScimGroup, type ScimUser } from '../../src/scim/index.js';

/**
 * Does the SCIM target equal the SIS under the mapping? Reads the simulator's district (the
 * SIS's truth) and everything on the target, and counts each kind of difference. A converged
 * target has 0 of every count. Resources without this provider's externalId are not the
 * bridge's and are not counted (they must merely survive, which callers check themselves).
 */
export interface ConvergenceReport {
  /** SIS users with no User on the target. */
  missingUsers: number;
  /** SIS users with more than one User on the target. */
  duplicateUsers: number;
  /** Active Users carrying this provider's externalId whom the SIS does not have. */
  extraUsers: number;
  /** SIS users whose User differs in a mapped attribute (names, displayName, userType, email). */
  attributeMismatches: number;
  /** SIS users whose User is not active. */
  activeMismatches: number;
  missingGroups: number;
  duplicateGroups: number;
  /** Groups carrying this provider's externalId for sections the SIS does not have. */
  extraGroups: number;
  groupNameMismatches: number;
  /** Members missing from or extra in a section's Group, summed over sections. */
  membershipDifferences: number;
  /**
   * Member references to no User at all. Not a membership difference (nobody is a member), but
   * some targets keep a deleted User's id in its groups; reported so a suite can see them.
   */
  danglingMembers: number;
  /** A few of the differences, for assertion messages. */
  examples: string[];
}

export interface TargetSnapshot {
  users: ScimUser[];
  groups: ScimGroup[];
}

/** Everything on a target, through the SCIM client's paging (which refuses to truncate). */
export async function readTarget(baseUrl: string, token: string): Promise<TargetSnapshot> {
  const scim = await connectScimClient({ baseUrl, token });
  const users: ScimUser[] = [];
  for await (const page of scim.users.pages()) users.push(...page);
  const groups: ScimGroup[] = [];
  for await (const page of scim.groups.pages()) groups.push(...page);
  return { users, groups };
}

export interface ConvergenceOptions {
  store: Pick<DistrictStore, 'list'>;
  providerId: string;
  target: TargetSnapshot;
  /** The tenant's emailDomain and the target's need for an email (shape the mapped emails). */
  emailDomain?: string;
  requireEmail?: boolean;
  /** SIS user ids the target is known to refuse (e.g. a shared email on a strict target). */
  refusedUserIds?: ReadonlySet<string>;
}

/** Every difference count at 0: what a converged target reports. */
export const NO_DIFFERENCES: Omit<ConvergenceReport, 'examples'> = {
  missingUsers: 0,
  duplicateUsers: 0,
  extraUsers: 0,
  attributeMismatches: 0,
  activeMismatches: 0,
  missingGroups: 0,
  duplicateGroups: 0,
  extraGroups: 0,
  groupNameMismatches: 0,
  membershipDifferences: 0,
  danglingMembers: 0,
};

export function checkConvergence(options: ConvergenceOptions): ConvergenceReport {
  const { providerId, target } = options;
  const refused = options.refusedUserIds ?? new Set<string>();
  const expected = expectedRoster(options.store);
  const report: ConvergenceReport = { ...NO_DIFFERENCES, examples: [] };
  const note = (example: string) => {
    if (report.examples.length < 10) report.examples.push(example);
  };

  const usersByExternalId = groupBy(target.users, (user) => user.externalId);
  const sourceIdByScimId = new Map<string, string>();
  const expectedUserIds = new Set<string>();
  for (const user of expected.users) {
    if (refused.has(user.sourceId)) continue;
    expectedUserIds.add(user.sourceId);
    const found = usersByExternalId.get(userExternalId(providerId, user.sourceId)) ?? [];
    if (found.length === 0) {
      report.missingUsers += 1;
      note(`user ${user.sourceId} missing`);
      continue;
    }
    if (found.length > 1) report.duplicateUsers += 1;
    const onTarget = found[0]!;
    sourceIdByScimId.set(onTarget.id, user.sourceId);
    if (onTarget.active === false) {
      report.activeMismatches += 1;
      note(`user ${user.sourceId} inactive`);
    }
    const mapped = toScimUser(user, {
      externalId: onTarget.externalId ?? '',
      userName: onTarget.userName,
      emailDomain: options.emailDomain,
      requireEmail: options.requireEmail ?? false,
      enterprise: false,
      primarySchoolName: undefined,
    });
    const differing: string[] = (['displayName', 'userType'] as const).filter((key) => onTarget[key] !== mapped[key]);
    const name = (onTarget.name ?? {}) as Record<string, unknown>;
    for (const key of ['givenName', 'familyName', 'middleName'] as const) if (name[key] !== mapped.name[key]) differing.push(key);
    if (mapped.emails && !sameEmails(mapped.emails, onTarget.emails)) differing.push('emails');
    if (differing.length > 0) {
      report.attributeMismatches += 1;
      note(`user ${user.sourceId} differs in ${differing.join(', ')}`);
    }
  }
  const userPrefix = userExternalId(providerId, '');
  const groupPrefix = groupExternalId(providerId, '');
  for (const user of target.users) {
    const externalId = user.externalId ?? '';
    if (!externalId.startsWith(userPrefix) || externalId.startsWith(groupPrefix)) continue;
    const sourceId = externalId.slice(userPrefix.length);
    if (!sourceIdByScimId.has(user.id)) sourceIdByScimId.set(user.id, sourceId);
    if (!expectedUserIds.has(sourceId) && !refused.has(sourceId) && user.active !== false) {
      report.extraUsers += 1;
      note(`user ${sourceId} should not be active`);
    }
  }

  const schools = new Map(expected.schools.map((school) => [school.sourceId, school]));
  const courses = new Map(expected.courses.map((course) => [course.sourceId, course]));
  const terms = new Map(expected.terms.map((term) => [term.sourceId, term]));
  const groupsByExternalId = groupBy(target.groups, (group) => group.externalId);
  const knownUserIds = new Set(target.users.map((user) => user.id));
  const expectedSectionIds = new Set(expected.sections.map((section) => section.sourceId));
  // Grouped once: filtering every enrollment per section is quadratic (hours at 1M students).
  const enrolledBySection = new Map<string, string[]>();
  for (const enrollment of expected.enrollments) {
    let userIds = enrolledBySection.get(enrollment.sectionId);
    if (!userIds) enrolledBySection.set(enrollment.sectionId, (userIds = []));
    userIds.push(enrollment.userId);
  }
  for (const section of expected.sections) {
    const externalId = groupExternalId(providerId, section.sourceId);
    const found = groupsByExternalId.get(externalId) ?? [];
    if (found.length === 0) {
      report.missingGroups += 1;
      note(`group ${section.sourceId} missing`);
      continue;
    }
    if (found.length > 1) report.duplicateGroups += 1;
    const group = found[0]!;
    const courseName = section.courseId ? courses.get(section.courseId)?.name : undefined;
    const termName = section.termId ? terms.get(section.termId)?.name : undefined;
    const schoolName = schools.get(section.schoolId)?.name;
    const mapped = toScimGroup(section, externalId, {
      ...(courseName ? { courseName } : {}),
      ...(termName ? { termName } : {}),
      ...(schoolName ? { schoolName } : {}),
    });
    if (group.displayName !== mapped.displayName) {
      report.groupNameMismatches += 1;
      note(`group ${section.sourceId} is named ${JSON.stringify(group.displayName)}`);
    }
    const values = (group.members ?? []).map((member) => member.value);
    report.danglingMembers += values.filter((value) => !knownUserIds.has(value)).length;
    const members = new Set(values.filter((value) => knownUserIds.has(value)).map((value) => sourceIdByScimId.get(value) ?? `foreign:${value}`));
    const enrolled = new Set((enrolledBySection.get(section.sourceId) ?? []).filter((userId) => expectedUserIds.has(userId)));
    const differences = [...members].filter((member) => !enrolled.has(member)).length + [...enrolled].filter((member) => !members.has(member)).length;
    if (differences > 0) note(`group ${section.sourceId}: ${differences} membership differences`);
    report.membershipDifferences += differences;
  }
  for (const group of target.groups) {
    const externalId = group.externalId ?? '';
    if (externalId.startsWith(groupPrefix) && !expectedSectionIds.has(externalId.slice(groupPrefix.length))) {
      report.extraGroups += 1;
      note(`group ${externalId} should not exist`);
    }
  }
  return report;
}

/** The report without its examples: what a suite compares with all zeros. */
export function differenceCounts(report: ConvergenceReport): Omit<ConvergenceReport, 'examples'> {
  const { examples: _examples, ...counts } = report;
  return counts;
}

function sameEmails(mapped: ReadonlyArray<{ value: string }>, onTarget: unknown): boolean {
  const values = (list: unknown) => (Array.isArray(list) ? list.map((email) => String((email as { value?: unknown }).value ?? '').toLowerCase()).sort() : []);
  return canonicalJson(values(mapped)) === canonicalJson(values(onTarget));
}

function groupBy<T>(items: readonly T[], key: (item: T) => string | undefined): Map<string, T[]> {
  const result = new Map<string, T[]>();
  for (const item of items) {
    const value = key(item);
    if (value === undefined) continue;
    const items = result.get(value);
    if (items) items.push(item);
    else result.set(value, [item]);
  }
  return result;
}
