/**
 * The SCIM documents the domain wants to exist. Structurally what src/scim accepts
 * (ScimUserInput / ScimGroupInput), declared here because the domain imports nothing else.
 */
export interface ScimUserDocument {
  userName: string;
  externalId: string;
  displayName: string;
  name: { givenName: string; familyName: string; middleName?: string; formatted: string };
  emails?: Array<{ value: string; type: 'work'; primary: true }>;
  active: boolean;
  userType: string;
  enterprise?: { employeeNumber?: string; organization?: string };
}

export interface ScimGroupDocument {
  displayName: string;
  externalId: string;
}
