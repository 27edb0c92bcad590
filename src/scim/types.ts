/**
 * Wire-level SCIM 2.0 shapes the client sends and returns (RFC 7643 resources, RFC 7644
 * messages). Mapping roster records to these is the domain's job, not the client's.
 */

export const SCIM_SCHEMA = {
  user: 'urn:ietf:params:scim:schemas:core:2.0:User',
  group: 'urn:ietf:params:scim:schemas:core:2.0:Group',
  enterpriseUser: 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User',
  patchOp: 'urn:ietf:params:scim:api:messages:2.0:PatchOp',
  bulkRequest: 'urn:ietf:params:scim:api:messages:2.0:BulkRequest',
  bulkResponse: 'urn:ietf:params:scim:api:messages:2.0:BulkResponse',
  listResponse: 'urn:ietf:params:scim:api:messages:2.0:ListResponse',
  error: 'urn:ietf:params:scim:api:messages:2.0:Error',
} as const;

interface ScimName {
  formatted?: string;
  givenName?: string;
  familyName?: string;
  middleName?: string;
}

interface ScimEmail {
  value: string;
  type?: string;
  primary?: boolean;
}

/** RFC 7643 §4.3; sent only when the target advertises the extension. */
interface ScimEnterpriseUser {
  employeeNumber?: string;
  organization?: string;
  department?: string;
  division?: string;
  costCenter?: string;
}

/** What the engine asks the client to write for a User. */
export interface ScimUserInput {
  userName: string;
  externalId?: string;
  displayName?: string;
  name?: ScimName;
  emails?: ScimEmail[];
  active?: boolean;
  userType?: string;
  title?: string;
  preferredLanguage?: string;
  locale?: string;
  enterprise?: ScimEnterpriseUser;
}

/** What the engine asks the client to write for a Group. Members are never sent here. */
export interface ScimGroupInput {
  displayName: string;
  externalId?: string;
}

interface ScimMeta {
  resourceType?: string;
  created?: string;
  lastModified?: string;
  location?: string;
  version?: string;
}

/** A resource as the server returned it: the fields the client relies on, plus the rest. */
export interface ScimResource {
  id: string;
  externalId?: string;
  meta?: ScimMeta;
  [attribute: string]: unknown;
}

export interface ScimUser extends ScimResource {
  userName: string;
  active?: boolean;
}

interface ScimGroupMember {
  value: string;
  display?: string;
  type?: string;
  $ref?: string;
}

export interface ScimGroup extends ScimResource {
  displayName: string;
  members?: ScimGroupMember[];
}

/** RFC 7644 §3.5.2. `op` is lower-case on the wire; servers must accept any case. */
export interface ScimPatchOperation {
  op: 'add' | 'remove' | 'replace';
  path?: string;
  value?: unknown;
}
