import type { RosterUser } from './roster.js';
import type { ScimUserDocument } from './scim-documents.js';

export interface UserMappingContext {
  externalId: string;
  userName: string;
  /** Domain for a synthesized email when the target requires one and the SIS has none. */
  emailDomain: string | undefined;
  /** The target rejects users whose userName is not an email and who have no email. */
  requireEmail: boolean;
  /** The target advertises the enterprise extension. */
  enterprise: boolean;
  /** Name of the user's primary school, for enterprise `organization`. */
  primarySchoolName: string | undefined;
}

/** Canonical user → the SCIM User it should be, under the tenant's mapping settings. */
export function toScimUser(user: RosterUser, context: UserMappingContext): ScimUserDocument {
  const formatted = [user.givenName, user.middleName, user.familyName].filter(Boolean).join(' ');
  const document: ScimUserDocument = {
    userName: context.userName,
    externalId: context.externalId,
    displayName: `${user.givenName} ${user.familyName}`,
    name: {
      givenName: user.givenName,
      familyName: user.familyName,
      ...(user.middleName ? { middleName: user.middleName } : {}),
      formatted,
    },
    active: true,
    userType: user.primaryRole,
  };
  const email = user.email ?? synthesizedEmail(user, context);
  if (email) document.emails = [{ value: email, type: 'work', primary: true }];
  if (context.enterprise) {
    const enterprise = {
      ...(user.sisId ? { employeeNumber: user.sisId } : {}),
      ...(context.primarySchoolName ? { organization: context.primarySchoolName } : {}),
    };
    if (Object.keys(enterprise).length > 0) document.enterprise = enterprise;
  }
  return document;
}

function synthesizedEmail(user: RosterUser, context: UserMappingContext): string | undefined {
  if (!context.requireEmail) return undefined;
  if (context.userName.includes('@')) return undefined;
  if (!context.emailDomain) return undefined;
  return `${(user.sisId ?? user.sourceId).toLowerCase()}@${context.emailDomain}`;
}
