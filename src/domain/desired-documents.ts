import { toScimGroup } from './group-mapping.js';
import { groupExternalId, userExternalId } from './identity.js';
import type { MappingSettings } from './mapping-settings.js';
import type { RosterCourse, RosterSchool, RosterSection, RosterTerm, RosterUser } from './roster.js';
import type { ScimGroupDocument, ScimUserDocument } from './scim-documents.js';
import { toScimUser } from './user-mapping.js';

/** What the mapping needs besides the record: names of referenced entities and target traits. */
export interface MappingLookups {
  providerId: string;
  settings: MappingSettings;
  schools: Map<string, RosterSchool>;
  courses: Map<string, RosterCourse>;
  terms: Map<string, RosterTerm>;
  requireEmail: boolean;
  enterprise: boolean;
}

export function desiredUser(user: RosterUser, userName: string, lookups: MappingLookups): ScimUserDocument {
  const primarySchool = user.schoolIds[0];
  return toScimUser(user, {
    externalId: userExternalId(lookups.providerId, user.sourceId),
    userName,
    emailDomain: lookups.settings.emailDomain,
    requireEmail: lookups.requireEmail,
    enterprise: lookups.enterprise,
    primarySchoolName: primarySchool ? lookups.schools.get(primarySchool)?.name : undefined,
  });
}

export function desiredGroup(section: RosterSection, lookups: MappingLookups): ScimGroupDocument {
  const courseName = section.courseId ? lookups.courses.get(section.courseId)?.name : undefined;
  const termName = section.termId ? lookups.terms.get(section.termId)?.name : undefined;
  const schoolName = lookups.schools.get(section.schoolId)?.name;
  return toScimGroup(section, groupExternalId(lookups.providerId, section.sourceId), {
    ...(courseName ? { courseName } : {}),
    ...(termName ? { termName } : {}),
    ...(schoolName ? { schoolName } : {}),
  });
}
