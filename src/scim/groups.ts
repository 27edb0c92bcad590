import type { ScimCapabilities } from './discovery.js';
import type { ScimDialect } from './dialect.js';
import { isScimError, isScimRequestError, isTargetWideFailure, ScimSkippedError, ScimUnsupportedError, type ScimError } from './errors.js';
import { planMembershipPatches } from './membership-patch.js';
import type { ListCursor, ResourceEndpoint } from './resource-endpoint.js';
import { SCIM_SCHEMA, type ScimGroup, type ScimGroupInput } from './types.js';
import type { CreateOutcome } from './users.js';

/** One membership PATCH and what became of it. */
export type MembershipPatchResult = { ok: true; add: string[]; remove: string[] } | { ok: false; add: string[]; remove: string[]; error: ScimError };

/**
 * Group operations on /Groups. Every call first checks that the target serves Groups (from
 * discovery) and fails with ScimUnsupportedError, without a request, when it does not.
 */
export class ScimGroups {
  constructor(
    readonly endpoint: ResourceEndpoint<ScimGroup>,
    private readonly capabilities: ScimCapabilities,
    private readonly dialect: ScimDialect,
  ) {}

  get supported(): boolean {
    return this.capabilities.groups;
  }

  /**
   * POST without members; on 409 adopt by externalId, then displayName (as Users do). When an
   * earlier attempt may have created it, look it up by externalId before sending again: many
   * targets do not keep a Group's externalId unique, and would take a second copy.
   */
  async create(input: ScimGroupInput, options: { mayExist?: boolean } = {}): Promise<CreateOutcome<ScimGroup>> {
    this.assertSupported('POST', '/Groups');
    const createdEarlier = async () => (input.externalId === undefined ? undefined : this.findByExternalId(input.externalId));
    try {
      return await this.endpoint.create(toGroupDocument(input), createdEarlier, options.mayExist);
    } catch (error) {
      if (!isScimRequestError(error, 409)) throw error;
      const existing = await this.findAdoptable(input);
      if (!existing) throw error;
      return { resource: existing, adopted: true };
    }
  }

  /** The group a conflicting create may take over: same externalId, or same name and none. */
  async findAdoptable(input: ScimGroupInput): Promise<ScimGroup | undefined> {
    const byExternalId = input.externalId === undefined ? undefined : await this.findByExternalId(input.externalId);
    const existing = byExternalId ?? (await this.findByDisplayName(input.displayName));
    if (!existing || (existing.externalId !== undefined && existing.externalId !== input.externalId)) return undefined;
    return existing;
  }

  get(id: string): Promise<ScimGroup> {
    this.assertSupported('GET', `/Groups/${id}`);
    return this.endpoint.get(id);
  }

  /**
   * Rename / re-key without touching members: PATCH `replace` on displayName and externalId.
   * (A PUT would replace `members` too, RFC 7644 §3.5.1.)
   */
  update(id: string, input: ScimGroupInput): Promise<ScimGroup | undefined> {
    this.assertPatch('PATCH', `/Groups/${id}`);
    return this.endpoint.patch(id, [
      { op: 'replace', path: 'displayName', value: input.displayName },
      ...(input.externalId === undefined ? [] : [{ op: 'replace' as const, path: 'externalId', value: input.externalId }]),
    ]);
  }

  delete(id: string): Promise<{ alreadyGone: boolean }> {
    this.assertSupported('DELETE', `/Groups/${id}`);
    return this.endpoint.delete(id);
  }

  findByExternalId(externalId: string): Promise<ScimGroup | undefined> {
    this.assertSupported('GET', '/Groups');
    return this.endpoint.findOne('externalId', externalId, this.lookupOptions());
  }

  findByDisplayName(displayName: string): Promise<ScimGroup | undefined> {
    this.assertSupported('GET', '/Groups');
    return this.endpoint.findOne('displayName', displayName, this.lookupOptions());
  }

  pages(filter?: string): AsyncGenerator<ScimGroup[]> {
    this.assertSupported('GET', '/Groups');
    return this.endpoint.pages({ filter, pageSize: this.dialect.pageSize });
  }

  /**
   * One page of a listing and the cursor of the next (see ResourceEndpoint.readPage), of
   * `pageSize` resources (the dialect's page size unless said).
   */
  readPage(cursor?: ListCursor, pageSize = this.dialect.pageSize): Promise<{ resources: ScimGroup[]; next: ListCursor | undefined }> {
    this.assertSupported('GET', '/Groups');
    return this.endpoint.readPage({ pageSize }, cursor);
  }

  /**
   * Apply member additions and removals as PATCHes of ≤ maxMemberChangesPerPatch changes,
   * in order. A refused chunk (e.g. 400 for an unknown member) does not stop later chunks; a
   * target-wide failure (auth, rate limit, outage) skips the rest. One result per PATCH.
   */
  async updateMembers(groupId: string, changes: { add?: readonly string[]; remove?: readonly string[] }): Promise<MembershipPatchResult[]> {
    this.assertPatch('PATCH', `/Groups/${groupId}`);
    const results: MembershipPatchResult[] = [];
    let stoppedBy: ScimError | undefined;
    for (const chunk of planMembershipPatches(changes, this.dialect)) {
      const { add, remove } = chunk;
      if (stoppedBy) {
        results.push({ ok: false, add, remove, error: new ScimSkippedError('PATCH', this.endpoint.resourcePath(groupId), stoppedBy) });
        continue;
      }
      try {
        await this.endpoint.patch(groupId, chunk.operations);
        results.push({ ok: true, add, remove });
      } catch (error) {
        if (!isScimError(error)) throw error;
        if (isTargetWideFailure(error)) stoppedBy = error;
        results.push({ ok: false, add, remove, error });
      }
    }
    return results;
  }

  private assertSupported(method: string, path: string): void {
    if (!this.capabilities.groups) throw new ScimUnsupportedError(method, path, 'the target does not serve Groups (discovered)');
  }

  private assertPatch(method: string, path: string): void {
    this.assertSupported(method, path);
    if (!this.capabilities.patch) throw new ScimUnsupportedError(method, path, 'the target does not support PATCH (discovered)');
  }

  private lookupOptions() {
    return { caseInsensitive: false, escapedLookups: this.dialect.escapedLookups, filterLookups: this.dialect.filterLookups, pageSize: this.dialect.pageSize };
  }
}

export function toGroupDocument(input: ScimGroupInput): Record<string, unknown> {
  return { schemas: [SCIM_SCHEMA.group], ...input };
}
