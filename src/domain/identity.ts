/**
 * Deterministic SCIM externalIds from (provider id, SIS source id): the same SIS record always
 * maps to the same SCIM resource, and a retried create finds what an earlier attempt made.
 * Sections get their own namespace so a user and a section sharing an id never collide.
 */
export function userExternalId(providerId: string, sourceId: string): string {
  return `sis:${providerId}:${sourceId}`;
}

export function groupExternalId(providerId: string, sourceId: string): string {
  return `sis:${providerId}:section:${sourceId}`;
}
