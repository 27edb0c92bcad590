import type { RosterSection } from './roster.js';
import type { ScimGroupDocument } from './scim-documents.js';

export interface GroupNaming {
  courseName?: string;
  termName?: string;
  schoolName?: string;
}

/**
 * A section's Group name reads like a timetable entry: "Algebra I - Section 3 (P2) - Fall 2026".
 * The section name alone is often just "Section 3", so the course comes first when known.
 */
export function toScimGroup(section: RosterSection, externalId: string, naming: GroupNaming): ScimGroupDocument {
  const title = naming.courseName && !section.name.includes(naming.courseName) ? `${naming.courseName} - ${section.name}` : section.name;
  const period = section.period ? ` (P${section.period.replace(/^p(eriod)?\s*/i, '')})` : '';
  const term = naming.termName ? ` - ${naming.termName}` : '';
  return { displayName: `${title}${period}${term}`, externalId };
}
