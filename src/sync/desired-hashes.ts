import { claimUserNames, heldUserNames } from '../db/queries/user-name-claims.js';
import type { Database } from '../db/database.js';
import type { RosterSection, RosterUser } from '../domain/roster.js';
import { baseUserName, userNameCandidate } from '../domain/username.js';
import { contentHash } from '../domain/content-hash.js';
import { desiredGroup, desiredUser, type MappingLookups } from '../domain/desired-documents.js';

/** Candidates tried per user before giving up: far beyond any real collision chain. */
const MAX_ATTEMPTS = 1000;

/**
 * The userName of each user: the one it holds, or a new claim for a user seen the first time.
 * Claims go out in rounds: every user still without a name claims its next candidate.
 */
async function userNamesFor(db: Database, tenantId: string, lookups: MappingLookups, users: readonly RosterUser[]): Promise<Map<string, string>> {
  const names = await heldUserNames(
    db,
    lookups.providerId,
    users.map((user) => user.sourceId),
  );
  let waiting = users.filter((user) => !names.has(user.sourceId));
  const bases = new Map(waiting.map((user) => [user.sourceId, baseUserName(user, lookups.settings.usernameTemplates, lookups.settings.emailDomain)]));
  for (let attempt = 0; waiting.length > 0; attempt += 1) {
    if (attempt >= MAX_ATTEMPTS) throw new Error(`no free userName for ${waiting.length} user(s) after ${MAX_ATTEMPTS} candidates`);
    const granted = await claimUserNames(
      db,
      tenantId,
      lookups.providerId,
      waiting.map((user) => ({ sourceId: user.sourceId, userName: userNameCandidate(bases.get(user.sourceId)!, attempt) })),
    );
    for (const [sourceId, userName] of granted) names.set(sourceId, userName);
    waiting = waiting.filter((user) => !names.has(user.sourceId));
    // A worker beside us may have claimed for the same user meanwhile: its claim stands.
    if (waiting.length > 0)
      for (const [sourceId, userName] of await heldUserNames(
        db,
        lookups.providerId,
        waiting.map((user) => user.sourceId),
      ))
        names.set(sourceId, userName);
    waiting = waiting.filter((user) => !names.has(user.sourceId));
  }
  return names;
}

/** Hash of the SCIM document each user and section maps to, computed once as the record enters the mirror. */
export async function desiredHashes(
  db: Database,
  tenantId: string,
  lookups: MappingLookups,
  records: { users?: readonly RosterUser[]; sections?: readonly RosterSection[] },
): Promise<Map<string, string>> {
  const hashes = new Map<string, string>();
  if (records.users?.length) {
    const names = await userNamesFor(db, tenantId, lookups, records.users);
    for (const user of records.users) hashes.set(`users:${user.sourceId}`, contentHash(desiredUser(user, names.get(user.sourceId)!, lookups)));
  }
  for (const section of records.sections ?? []) hashes.set(`sections:${section.sourceId}`, contentHash(desiredGroup(section, lookups)));
  return hashes;
}
