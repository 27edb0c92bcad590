import type { ScimDialect } from './dialect.js';
import { isScimRequestError, ScimRequestError } from './errors.js';
import type { ListCursor, ResourceEndpoint } from './resource-endpoint.js';
import { SCIM_SCHEMA, type ScimPatchOperation, type ScimUser, type ScimUserInput } from './types.js';

export interface CreateOutcome<T> {
  resource: T;
  /** True when the create met 409 and the existing resource was taken over instead. */
  adopted: boolean;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** User operations (RFC 7644 §3.3–3.6 on /Users), idempotent under retry. */
export class ScimUsers {
  constructor(
    readonly endpoint: ResourceEndpoint<ScimUser>,
    private readonly dialect: ScimDialect,
  ) {}

  /**
   * POST the user. On 409 (RFC 7644 §3.3: uniqueness) look it up by externalId, then
   * userName, and adopt it — unless it carries a different externalId, which would mean
   * taking over another person's account; then the 409 stands. When an earlier attempt may
   * have created it (`mayExist`, or a response lost here) it is looked up by externalId
   * before the POST is sent again.
   */
  async create(input: ScimUserInput, options: { mayExist?: boolean } = {}): Promise<CreateOutcome<ScimUser>> {
    const document = this.toDocument(input);
    try {
      return await this.endpoint.create(document, () => this.findCreatedEarlier(input), options.mayExist);
    } catch (error) {
      if (!isScimRequestError(error, 409)) throw error;
      const existing = await this.findAdoptable(input);
      if (!existing) throw error;
      return { resource: existing, adopted: true };
    }
  }

  /** The resource a conflicting create may take over, if any (see `create`). */
  async findAdoptable(input: Pick<ScimUserInput, 'externalId' | 'userName'>): Promise<ScimUser | undefined> {
    const existing = await this.lookup(input);
    if (!existing || (existing.externalId !== undefined && existing.externalId !== input.externalId)) return undefined;
    return existing;
  }

  /** What an earlier attempt of this create left: the User with its externalId (and none without one). */
  private async findCreatedEarlier(input: Pick<ScimUserInput, 'externalId'>): Promise<ScimUser | undefined> {
    return input.externalId === undefined ? undefined : this.findByExternalId(input.externalId);
  }

  get(id: string): Promise<ScimUser> {
    return this.endpoint.get(id);
  }

  /** PUT: the target replaces every attribute with `input` (RFC 7644 §3.5.1). */
  replace(id: string, input: ScimUserInput): Promise<ScimUser> {
    return this.endpoint.replace(id, this.toDocument(input));
  }

  patch(id: string, operations: ScimPatchOperation[]): Promise<ScimUser | undefined> {
    return this.endpoint.patch(id, operations);
  }

  /** active=false: PATCH where served, else read-modify-PUT. */
  async deactivate(id: string): Promise<ScimUser | undefined> {
    if (this.dialect.deactivation === 'patch') {
      return this.endpoint.patch(id, [{ op: 'replace', path: 'active', value: false }]);
    }
    const { id: _id, meta: _meta, ...current } = await this.endpoint.get(id);
    return this.endpoint.replace(id, { ...current, active: false });
  }

  delete(id: string): Promise<{ alreadyGone: boolean }> {
    return this.endpoint.delete(id);
  }

  findByExternalId(externalId: string): Promise<ScimUser | undefined> {
    return this.endpoint.findOne('externalId', externalId, this.lookupOptions(false));
  }

  findByUserName(userName: string): Promise<ScimUser | undefined> {
    return this.endpoint.findOne('userName', userName, this.lookupOptions(true));
  }

  /** By externalId first (our own key), then by userName. */
  async lookup(keys: { externalId?: string; userName?: string }): Promise<ScimUser | undefined> {
    const byExternalId = keys.externalId === undefined ? undefined : await this.findByExternalId(keys.externalId);
    if (byExternalId) return byExternalId;
    return keys.userName === undefined ? undefined : this.findByUserName(keys.userName);
  }

  pages(filter?: string): AsyncGenerator<ScimUser[]> {
    return this.endpoint.pages({ filter, pageSize: this.dialect.pageSize });
  }

  /**
   * One page of a listing and the cursor of the next (see ResourceEndpoint.readPage), of
   * `pageSize` resources (the dialect's page size unless said).
   */
  readPage(cursor?: ListCursor, pageSize = this.dialect.pageSize): Promise<{ resources: ScimUser[]; next: ListCursor | undefined }> {
    return this.endpoint.readPage({ pageSize }, cursor);
  }

  list(filter?: string): Promise<ScimUser[]> {
    return this.endpoint.list({ filter, pageSize: this.dialect.pageSize });
  }

  /** The RFC 7643 §4.1 document for `input`, shaped by the dialect. Throws client-side 400s. */
  toDocument(input: ScimUserInput): Record<string, unknown> {
    if (this.dialect.requireEmailUnlessUserNameIsEmail && !EMAIL.test(input.userName) && !(input.emails?.length ?? 0)) {
      throw new ScimRequestError(
        'POST',
        '/Users',
        400,
        'invalidValue',
        `userName ${JSON.stringify(input.userName)} is not an email and no email is given; this target requires one`,
        'client',
      );
    }
    const { enterprise, ...core } = input;
    const withEnterprise = enterprise !== undefined && this.dialect.enterpriseExtension && Object.keys(enterprise).length > 0;
    return {
      schemas: withEnterprise ? [SCIM_SCHEMA.user, SCIM_SCHEMA.enterpriseUser] : [SCIM_SCHEMA.user],
      ...core,
      ...(withEnterprise ? { [SCIM_SCHEMA.enterpriseUser]: enterprise } : {}),
    };
  }

  private lookupOptions(caseInsensitive: boolean) {
    return { caseInsensitive, escapedLookups: this.dialect.escapedLookups, filterLookups: this.dialect.filterLookups, pageSize: this.dialect.pageSize };
  }
}
