import { randomUUID } from 'node:crypto';

/**
 * The indexed in-memory store behind the SCIMMY test server. Built for 100k Users: lookups by
 * id, externalId and userName are Map hits, so the `eq` filters a SCIM client uses for
 * idempotent creates never scan. Everything else (general filters, paging) scans in insertion
 * order, which is what SCIMMY's own filter matching needs anyway.
 *
 * Errors are thrown as `StoreConflictError` / `StoreNotFoundError` / `StoreInvalidError` so the
 * SCIMMY adapter can turn them into the right SCIM status without this file knowing SCIMMY.
 */

interface StoredMeta {
  created: string;
  lastModified: string;
}

/** A resource as kept: plain JSON, SCIM attribute names, server-owned id and meta. */
export interface StoredResource {
  id: string;
  externalId?: string;
  meta: StoredMeta;
  [attribute: string]: unknown;
}

export interface StoredMember {
  value: string;
  display?: string;
  type?: string;
}

export class StoreConflictError extends Error {
  override readonly name = 'StoreConflictError';
}
export class StoreNotFoundError extends Error {
  override readonly name = 'StoreNotFoundError';
}
export class StoreInvalidError extends Error {
  override readonly name = 'StoreInvalidError';
}

type IndexedAttribute = 'id' | 'externalId' | 'userName';

/** One resource type's rows plus its unique indexes. */
export class ResourceTable {
  private readonly rows = new Map<string, StoredResource>();
  /** externalId → ids: one id where externalId is unique, possibly more where it is not. */
  private readonly byExternalId = new Map<string, Set<string>>();
  private readonly byUserName = new Map<string, string>();

  constructor(
    readonly resourceType: 'User' | 'Group',
    /** false: a second resource may carry the same externalId (many targets do so for Groups). */
    private readonly uniqueExternalId = true,
  ) {}

  get size(): number {
    return this.rows.size;
  }

  get(id: string): StoredResource | undefined {
    return this.rows.get(id);
  }

  has(id: string): boolean {
    return this.rows.has(id);
  }

  values(): IterableIterator<StoredResource> {
    return this.rows.values();
  }

  /**
   * O(1) equality lookup, or undefined when `attribute` has no index. userName compares
   * case-insensitively (RFC 7643 §4.1.1: caseExact false); externalId exactly (§3.1).
   */
  findIndexed(attribute: string, value: unknown): StoredResource[] | undefined {
    const key = indexedAttribute(attribute);
    if (!key || typeof value !== 'string') return undefined;
    let id: string | undefined;
    if (key === 'id') id = value;
    else if (key === 'externalId') return [...(this.byExternalId.get(value) ?? [])].flatMap((owner) => this.rows.get(owner) ?? []);
    else if (this.resourceType === 'User') id = this.byUserName.get(value.toLowerCase());
    else return undefined;
    const row = id === undefined ? undefined : this.rows.get(id);
    return row ? [row] : [];
  }

  insert(attributes: Record<string, unknown>): StoredResource {
    const now = new Date().toISOString();
    const row: StoredResource = { ...stripServerOwned(attributes), id: randomUUID(), meta: { created: now, lastModified: now } };
    this.assertUnique(row, undefined);
    this.rows.set(row.id, row);
    this.index(row);
    return row;
  }

  replace(id: string, attributes: Record<string, unknown>): StoredResource {
    const previous = this.rows.get(id);
    if (!previous) throw new StoreNotFoundError(`${this.resourceType} ${id} not found`);
    const row: StoredResource = {
      ...stripServerOwned(attributes),
      id,
      meta: { created: previous.meta.created, lastModified: new Date().toISOString() },
    };
    this.assertUnique(row, id);
    this.unindex(previous);
    this.rows.set(id, row);
    this.index(row);
    return row;
  }

  delete(id: string): StoredResource {
    const row = this.rows.get(id);
    if (!row) throw new StoreNotFoundError(`${this.resourceType} ${id} not found`);
    this.rows.delete(id);
    this.unindex(row);
    return row;
  }

  clear(): void {
    this.rows.clear();
    this.byExternalId.clear();
    this.byUserName.clear();
  }

  private assertUnique(row: StoredResource, selfId: string | undefined): void {
    // RFC 7643 §4.1.1 makes userName unique; this store also keeps externalId unique per
    // resource type, as most real targets do for Users, so "create twice" yields 409
    // uniqueness — unless told not to, as many targets are for Groups.
    const userName = this.resourceType === 'User' ? userNameOf(row) : undefined;
    const userNameOwner = userName === undefined ? undefined : this.byUserName.get(userName);
    if (userNameOwner !== undefined && userNameOwner !== selfId) throw new StoreConflictError('userName already exists');
    if (!this.uniqueExternalId || row.externalId === undefined) return;
    const externalOwners = this.byExternalId.get(row.externalId) ?? new Set<string>();
    if ([...externalOwners].some((owner) => owner !== selfId)) throw new StoreConflictError('externalId already exists');
  }

  private index(row: StoredResource): void {
    if (row.externalId !== undefined) this.byExternalId.set(row.externalId, (this.byExternalId.get(row.externalId) ?? new Set<string>()).add(row.id));
    const userName = this.resourceType === 'User' ? userNameOf(row) : undefined;
    if (userName !== undefined) this.byUserName.set(userName, row.id);
  }

  private unindex(row: StoredResource): void {
    const owners = row.externalId === undefined ? undefined : this.byExternalId.get(row.externalId);
    owners?.delete(row.id);
    if (owners?.size === 0) this.byExternalId.delete(row.externalId!);
    const userName = this.resourceType === 'User' ? userNameOf(row) : undefined;
    if (userName !== undefined) this.byUserName.delete(userName);
  }
}

/** Users and Groups, with Group membership kept consistent when a User is deleted. */
export class ScimmyStore {
  readonly users = new ResourceTable('User');
  readonly groups: ResourceTable;
  /** userId → ids of the Groups listing it, so deleting a User does not scan every Group. */
  private readonly groupsByMember = new Map<string, Set<string>>();

  /** `uniqueGroupExternalIds: false` serves Groups whose externalId is not unique. */
  constructor(options: { uniqueGroupExternalIds?: boolean } = {}) {
    this.groups = new ResourceTable('Group', options.uniqueGroupExternalIds ?? true);
  }

  insertGroup(attributes: Record<string, unknown>): StoredResource {
    const row = this.groups.insert({ ...attributes, members: this.validMembers(attributes.members) });
    this.trackMembers(row, []);
    return row;
  }

  replaceGroup(id: string, attributes: Record<string, unknown>): StoredResource {
    const previous = membersOf(this.groups.get(id));
    const row = this.groups.replace(id, { ...attributes, members: this.validMembers(attributes.members) });
    this.trackMembers(row, previous);
    return row;
  }

  deleteGroup(id: string): void {
    const row = this.groups.delete(id);
    for (const member of membersOf(row)) this.groupsByMember.get(member.value)?.delete(id);
  }

  /** Deleting a User also drops it from every Group (RFC 7644 §3.6: it no longer exists). */
  deleteUser(id: string): void {
    this.users.delete(id);
    const groupIds = this.groupsByMember.get(id);
    this.groupsByMember.delete(id);
    for (const groupId of groupIds ?? []) {
      const group = this.groups.get(groupId);
      if (group) group.members = membersOf(group).filter((member) => member.value !== id);
    }
  }

  clear(): void {
    this.users.clear();
    this.groups.clear();
    this.groupsByMember.clear();
  }

  /** Members must reference existing Users (else 400 invalidValue); duplicates collapse. */
  private validMembers(members: unknown): StoredMember[] {
    if (members === undefined || members === null) return [];
    if (!Array.isArray(members)) throw new StoreInvalidError('members must be an array');
    const seen = new Map<string, StoredMember>();
    for (const member of members as unknown[]) {
      const value = typeof member === 'object' && member !== null ? (member as { value?: unknown }).value : undefined;
      if (typeof value !== 'string' || !this.users.has(value)) {
        throw new StoreInvalidError(`member ${String(value)} is not a User of this service provider`);
      }
      const { display, type } = member as { display?: unknown; type?: unknown };
      seen.set(value, {
        value,
        ...(typeof display === 'string' ? { display } : {}),
        ...(typeof type === 'string' ? { type } : {}),
      });
    }
    return [...seen.values()];
  }

  private trackMembers(row: StoredResource, previous: StoredMember[]): void {
    for (const member of previous) this.groupsByMember.get(member.value)?.delete(row.id);
    for (const member of membersOf(row)) {
      let groups = this.groupsByMember.get(member.value);
      if (!groups) this.groupsByMember.set(member.value, (groups = new Set()));
      groups.add(row.id);
    }
  }
}

function membersOf(row: StoredResource | undefined): StoredMember[] {
  return Array.isArray(row?.members) ? (row.members as StoredMember[]) : [];
}

function userNameOf(row: StoredResource): string | undefined {
  return typeof row.userName === 'string' ? row.userName.toLowerCase() : undefined;
}

function indexedAttribute(attribute: string): IndexedAttribute | undefined {
  switch (attribute.toLowerCase()) {
    case 'id':
      return 'id';
    case 'externalid':
      return 'externalId';
    case 'username':
      return 'userName';
    default:
      return undefined;
  }
}

/** id, meta and schemas belong to the server (RFC 7643 §3.1: readOnly), never to a write. */
function stripServerOwned(attributes: Record<string, unknown>): Record<string, unknown> {
  const { id: _id, meta: _meta, schemas: _schemas, ...rest } = attributes;
  return rest;
}
