import { randomUUID } from 'node:crypto';

/**
 * The in-memory state of the bench SCIM sink: Users and Groups with the indexes every request
 * the bridge makes needs (id, externalId, case-insensitive userName, displayName, and member ↔
 * group both ways), so no request scans the store. Listing is the only operation that walks,
 * and only the page it returns.
 */

export const SINK_SCHEMAS = {
  user: 'urn:ietf:params:scim:schemas:core:2.0:User',
  group: 'urn:ietf:params:scim:schemas:core:2.0:Group',
  enterpriseUser: 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User',
  patchOp: 'urn:ietf:params:scim:api:messages:2.0:PatchOp',
  error: 'urn:ietf:params:scim:api:messages:2.0:Error',
} as const;

/** A request the sink refuses, as RFC 7644 §3.12 describes it. */
export class SinkError extends Error {
  constructor(
    readonly status: number,
    readonly scimType: string | undefined,
    detail: string,
  ) {
    super(detail);
  }
}

export type Document = Record<string, unknown>;

export interface PatchOperation {
  op: string;
  path?: string;
  value?: unknown;
}

/** The attributes a Users or Groups `eq` filter may name; anything else is a 400 invalidFilter. */
export type UserKey = 'id' | 'externalId' | 'userName';
export type GroupKey = 'id' | 'externalId' | 'displayName';

const SERVER_ASSIGNED = new Set(['id', 'meta']);

function stripServerAssigned(document: Document): Document {
  return Object.fromEntries(Object.entries(document).filter(([key]) => !SERVER_ASSIGNED.has(key)));
}

function optionalString(document: Document, key: string): string | undefined {
  const value = document[key];
  return typeof value === 'string' ? value : undefined;
}

/** Insertion-ordered ids with an array view rebuilt only after the set changed. */
class OrderedIds {
  private readonly ids = new Set<string>();
  private snapshot: string[] | undefined;
  add(id: string): void {
    this.ids.add(id);
    this.snapshot = undefined;
  }
  delete(id: string): void {
    this.ids.delete(id);
    this.snapshot = undefined;
  }
  get size(): number {
    return this.ids.size;
  }
  slice(start: number, end: number): string[] {
    this.snapshot ??= [...this.ids];
    return this.snapshot.slice(start, end);
  }
}

/** A one-to-many index (displayName, member → groups). */
class MultiIndex {
  private readonly map = new Map<string, Set<string>>();
  add(key: string, id: string): void {
    let ids = this.map.get(key);
    if (!ids) this.map.set(key, (ids = new Set()));
    ids.add(id);
  }
  delete(key: string, id: string): void {
    const ids = this.map.get(key);
    ids?.delete(id);
    if (ids?.size === 0) this.map.delete(key);
  }
  get(key: string): string[] {
    return [...(this.map.get(key) ?? [])];
  }
}

interface StoredGroup {
  document: Document;
  members: Set<string>;
}

export class SinkStore {
  private readonly users = new Map<string, Document>();
  private readonly userOrder = new OrderedIds();
  private readonly userByExternalId = new Map<string, string>();
  private readonly userByUserName = new Map<string, string>();
  private readonly groups = new Map<string, StoredGroup>();
  private readonly groupOrder = new OrderedIds();
  private readonly groupByExternalId = new Map<string, string>();
  private readonly groupsByDisplayName = new MultiIndex();
  private readonly groupsOfUser = new MultiIndex();

  get userCount(): number {
    return this.users.size;
  }

  get groupCount(): number {
    return this.groups.size;
  }

  // ---- Users -------------------------------------------------------------------------------

  getUser(id: string): Document {
    const user = this.users.get(id);
    if (!user) throw new SinkError(404, undefined, `User ${id} not found`);
    return { ...user, id };
  }

  createUser(input: Document): Document {
    const document = this.validUser(input, undefined);
    const id = randomUUID();
    this.indexUser(id, document);
    this.userOrder.add(id);
    return { ...document, id };
  }

  replaceUser(id: string, input: Document): Document {
    const before = this.getUser(id);
    const document = this.validUser(input, id);
    this.unindexUser(id, before);
    this.indexUser(id, document);
    return { ...document, id };
  }

  patchUser(id: string, operations: readonly PatchOperation[]): Document {
    const patched = stripServerAssigned(this.getUser(id));
    for (const operation of operations) applyAttributeOperation(patched, operation);
    return this.replaceUser(id, patched);
  }

  deleteUser(id: string): void {
    const before = this.getUser(id);
    this.unindexUser(id, before);
    this.userOrder.delete(id);
    // A deleted User leaves every Group it was in (no dangling member references).
    for (const groupId of this.groupsOfUser.get(id)) {
      this.groups.get(groupId)?.members.delete(id);
      this.groupsOfUser.delete(id, groupId);
    }
  }

  findUsers(key: UserKey, value: string): Document[] {
    const id = key === 'id' ? value : key === 'externalId' ? this.userByExternalId.get(value) : this.userByUserName.get(value.toLowerCase());
    return id !== undefined && this.users.has(id) ? [this.getUser(id)] : [];
  }

  listUsers(startIndex: number, count: number): { total: number; page: Document[] } {
    return { total: this.userOrder.size, page: this.userOrder.slice(startIndex - 1, startIndex - 1 + count).map((id) => this.getUser(id)) };
  }

  private validUser(input: Document, id: string | undefined): Document {
    const document = stripServerAssigned(input);
    const userName = optionalString(document, 'userName');
    if (!userName) throw new SinkError(400, 'invalidValue', 'userName is required');
    const holder = this.userByUserName.get(userName.toLowerCase());
    if (holder !== undefined && holder !== id) throw new SinkError(409, 'uniqueness', `userName ${JSON.stringify(userName)} is taken`);
    const externalId = optionalString(document, 'externalId');
    const externalHolder = externalId === undefined ? undefined : this.userByExternalId.get(externalId);
    if (externalHolder !== undefined && externalHolder !== id) throw new SinkError(409, 'uniqueness', `externalId ${JSON.stringify(externalId)} is taken`);
    return document;
  }

  private indexUser(id: string, document: Document): void {
    this.users.set(id, document);
    this.userByUserName.set(String(document.userName).toLowerCase(), id);
    const externalId = optionalString(document, 'externalId');
    if (externalId !== undefined) this.userByExternalId.set(externalId, id);
  }

  private unindexUser(id: string, document: Document): void {
    this.users.delete(id);
    this.userByUserName.delete(String(document.userName).toLowerCase());
    const externalId = optionalString(document, 'externalId');
    if (externalId !== undefined) this.userByExternalId.delete(externalId);
  }

  // ---- Groups ------------------------------------------------------------------------------

  getGroup(id: string): Document {
    const group = this.groups.get(id);
    if (!group) throw new SinkError(404, undefined, `Group ${id} not found`);
    return { ...group.document, id, members: [...group.members].map((value) => ({ value, type: 'User' })) };
  }

  createGroup(input: Document): Document {
    const { document, members } = this.validGroup(input, undefined);
    const id = randomUUID();
    this.indexGroup(id, document);
    this.groupOrder.add(id);
    this.groups.set(id, { document, members: new Set() });
    this.setMembers(id, members);
    return this.getGroup(id);
  }

  replaceGroup(id: string, input: Document): Document {
    const stored = this.requireGroup(id);
    const { document, members } = this.validGroup(input, id);
    this.unindexGroup(id, stored.document);
    this.indexGroup(id, document);
    stored.document = document;
    this.setMembers(id, members);
    return this.getGroup(id);
  }

  /**
   * PATCH a Group. Member changes (`add`/`remove`/`replace` on `members`, including
   * `members[value eq "…"]`) touch only the named members, so their cost does not grow with
   * the group; other attributes go through the generic attribute rules.
   */
  patchGroup(id: string, operations: readonly PatchOperation[]): void {
    const stored = this.requireGroup(id);
    const document = { ...stored.document };
    const members = new Set(stored.members);
    for (const operation of operations) {
      const op = operation.op.toLowerCase();
      const path = operation.path?.trim();
      const filtered = path === undefined ? null : /^members\[\s*value\s+eq\s+("(?:[^"\\]|\\.)*")\s*\]$/i.exec(path);
      if (filtered) {
        if (op !== 'remove') throw new SinkError(400, 'invalidPath', `only remove takes a member filter, not ${operation.op}`);
        members.delete(JSON.parse(filtered[1]!) as string);
      } else if (path?.toLowerCase() === 'members') {
        const values = memberValues(operation.value);
        if (op === 'add') for (const value of values) members.add(value);
        else if (op === 'remove') {
          if (operation.value === undefined) members.clear();
          else for (const value of values) members.delete(value);
        } else if (op === 'replace') {
          members.clear();
          for (const value of values) members.add(value);
        } else throw new SinkError(400, 'invalidSyntax', `unknown op ${operation.op}`);
      } else if (path === undefined && op !== 'remove' && isDocument(operation.value) && 'members' in operation.value) {
        const { members: given, ...rest } = operation.value;
        if (op === 'replace') members.clear();
        for (const value of memberValues(given)) members.add(value);
        applyAttributeOperation(document, { ...operation, value: rest });
      } else {
        applyAttributeOperation(document, operation);
      }
    }
    const valid = this.validGroup(document, id);
    this.requireUsers([...members].filter((member) => !stored.members.has(member)));
    this.unindexGroup(id, stored.document);
    this.indexGroup(id, valid.document);
    stored.document = valid.document;
    this.setMembers(id, members);
  }

  deleteGroup(id: string): void {
    const stored = this.requireGroup(id);
    this.setMembers(id, new Set());
    this.unindexGroup(id, stored.document);
    this.groups.delete(id);
    this.groupOrder.delete(id);
  }

  findGroups(key: GroupKey, value: string): Document[] {
    const ids = key === 'id' ? [value] : key === 'externalId' ? [this.groupByExternalId.get(value)] : this.groupsByDisplayName.get(value);
    return ids.filter((id): id is string => id !== undefined && this.groups.has(id)).map((id) => this.getGroup(id));
  }

  listGroups(startIndex: number, count: number): { total: number; page: Document[] } {
    return { total: this.groupOrder.size, page: this.groupOrder.slice(startIndex - 1, startIndex - 1 + count).map((id) => this.getGroup(id)) };
  }

  private requireGroup(id: string): StoredGroup {
    const group = this.groups.get(id);
    if (!group) throw new SinkError(404, undefined, `Group ${id} not found`);
    return group;
  }

  private validGroup(input: Document, id: string | undefined): { document: Document; members: Set<string> } {
    const { members, ...document } = stripServerAssigned(input);
    if (!optionalString(document, 'displayName')) throw new SinkError(400, 'invalidValue', 'displayName is required');
    const externalId = optionalString(document, 'externalId');
    const holder = externalId === undefined ? undefined : this.groupByExternalId.get(externalId);
    if (holder !== undefined && holder !== id) throw new SinkError(409, 'uniqueness', `externalId ${JSON.stringify(externalId)} is taken`);
    const memberIds = new Set(memberValues(members));
    this.requireUsers([...memberIds]);
    return { document, members: memberIds };
  }

  /** Members must be Users of this store (400 invalidValue otherwise, as SCIMMY answers). */
  private requireUsers(ids: readonly string[]): void {
    const unknown = ids.find((member) => !this.users.has(member));
    if (unknown !== undefined) throw new SinkError(400, 'invalidValue', `member ${unknown} is not a User`);
  }

  private setMembers(groupId: string, members: ReadonlySet<string>): void {
    const stored = this.requireGroup(groupId);
    for (const member of stored.members) if (!members.has(member)) this.groupsOfUser.delete(member, groupId);
    for (const member of members) this.groupsOfUser.add(member, groupId);
    stored.members = new Set(members);
  }

  private indexGroup(id: string, document: Document): void {
    this.groupsByDisplayName.add(String(document.displayName), id);
    const externalId = optionalString(document, 'externalId');
    if (externalId !== undefined) this.groupByExternalId.set(externalId, id);
  }

  private unindexGroup(id: string, document: Document): void {
    this.groupsByDisplayName.delete(String(document.displayName), id);
    const externalId = optionalString(document, 'externalId');
    if (externalId !== undefined && this.groupByExternalId.get(externalId) === id) this.groupByExternalId.delete(externalId);
  }
}

function isDocument(value: unknown): value is Document {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function memberValues(value: unknown): string[] {
  if (value === undefined) return [];
  const list = Array.isArray(value) ? value : [value];
  return list.map((member) => {
    if (!isDocument(member) || typeof member.value !== 'string') throw new SinkError(400, 'invalidValue', 'a member needs a string value');
    return member.value;
  });
}

/**
 * RFC 7644 §3.5.2 on plain attributes: a path of `attr`, `attr.sub` or a schema URN with an
 * attribute, or no path with an object of attributes to merge. Filtered paths other than the
 * members filter are not something the bridge sends: 400 invalidPath.
 */
function applyAttributeOperation(document: Document, operation: PatchOperation): void {
  const op = operation.op.toLowerCase();
  if (op !== 'add' && op !== 'replace' && op !== 'remove') throw new SinkError(400, 'invalidSyntax', `unknown op ${operation.op}`);
  if (operation.path === undefined || operation.path === '') {
    if (op === 'remove') throw new SinkError(400, 'noTarget', 'remove needs a path');
    if (!isDocument(operation.value)) throw new SinkError(400, 'invalidValue', 'a patch without a path needs an object value');
    for (const [key, value] of Object.entries(operation.value)) {
      const current = document[key];
      document[key] = isDocument(current) && isDocument(value) ? { ...current, ...value } : value;
    }
    return;
  }
  if (operation.path.includes('[')) throw new SinkError(400, 'invalidPath', `unsupported path ${operation.path}`);
  const urn = /^(urn:[^ ]+):([A-Za-z][\w$-]*(?:\.[A-Za-z][\w$-]*)?)$/.exec(operation.path);
  const [container, attributePath] = urn ? [ensureObject(document, urn[1]!), urn[2]!] : [document, operation.path];
  const [head, sub] = attributePath.split('.') as [string, string | undefined];
  const parent = sub === undefined ? container : ensureObject(container, head);
  const key = sub ?? head;
  if (op === 'remove') delete parent[key];
  else parent[key] = operation.value;
}

function ensureObject(document: Document, key: string): Document {
  const current = document[key];
  if (isDocument(current)) {
    const copy = { ...current };
    document[key] = copy;
    return copy;
  }
  const created: Document = {};
  document[key] = created;
  return created;
}
