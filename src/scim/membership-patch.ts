import type { ScimDialect } from './dialect.js';
import { quoteFilterValue } from './filter.js';
import type { ScimPatchOperation } from './types.js';

/**
 * Group membership as diff PATCHes (RFC 7644 §3.5.2): never a full `members` replace, never a
 * read of `members` first. Each request carries at most `maxMemberChangesPerPatch` member
 * changes, so a 3000-student course becomes 30 small requests that each stay under any
 * target's body and operation limits.
 */
export interface MembershipChunk {
  add: string[];
  remove: string[];
  operations: ScimPatchOperation[];
}

export function planMembershipPatches(
  changes: { add?: readonly string[]; remove?: readonly string[] },
  dialect: Pick<ScimDialect, 'memberRemoval' | 'maxMemberChangesPerPatch'>,
): MembershipChunk[] {
  const add = unique(changes.add ?? []);
  const remove = unique(changes.remove ?? []);
  // Removals first: when an id is in both lists, the later `add` wins, as PATCH operations
  // apply in order (§3.5.2) — the member ends up present.
  const all = [...remove.map((id) => ({ id, kind: 'remove' as const })), ...add.map((id) => ({ id, kind: 'add' as const }))];
  const chunks: MembershipChunk[] = [];
  for (let start = 0; start < all.length; start += dialect.maxMemberChangesPerPatch) {
    const slice = all.slice(start, start + dialect.maxMemberChangesPerPatch);
    const chunkRemove = slice.filter((change) => change.kind === 'remove').map((change) => change.id);
    const chunkAdd = slice.filter((change) => change.kind === 'add').map((change) => change.id);
    chunks.push({ add: chunkAdd, remove: chunkRemove, operations: operationsFor(chunkAdd, chunkRemove, dialect.memberRemoval) });
  }
  return chunks;
}

function operationsFor(add: string[], remove: string[], removal: ScimDialect['memberRemoval']): ScimPatchOperation[] {
  const operations: ScimPatchOperation[] = [];
  if (remove.length > 0) {
    if (removal === 'valueArray') operations.push({ op: 'remove', path: 'members', value: remove.map((value) => ({ value })) });
    // The id goes into a filter literal, so it is quoted and escaped like any filter value.
    else for (const id of remove) operations.push({ op: 'remove', path: `members[value eq ${quoteFilterValue(id)}]` });
  }
  if (add.length > 0) operations.push({ op: 'add', path: 'members', value: add.map((value) => ({ value })) });
  return operations;
}

function unique(ids: readonly string[]): string[] {
  return [...new Set(ids)];
}
