import { createHash } from 'node:crypto';
import { isScimRequestError, ScimOutcomeUnknownError, ScimPagingError, ScimProtocolError } from './errors.js';
import { eqFilter, needsFilterEscaping, swFilter, unescapedPrefix } from './filter.js';
import type { HttpMethod, ScimHttp } from './http.js';
import type { ScimPatchOperation, ScimResource } from './types.js';
import { SCIM_SCHEMA } from './types.js';
import { listResponseBody, type ResourceParser } from './wire.js';

/**
 * The RFC 7644 §3 verbs on one resource endpoint (/Users or /Groups), shared by the User and
 * Group clients: typed reads, paged listing, equality lookup with escaping, and writes.
 */
export interface LookupOptions {
  /** Compare case-insensitively on the client (userName is caseExact=false, RFC 7643 §4.1.1). */
  caseInsensitive: boolean;
  /** How to send a value that needs escaping (see ScimDialect.escapedLookups). */
  escapedLookups: 'escaped' | 'prefixScan';
  /** Send an `eq` filter; false scans the listing (see ScimDialect.filterLookups). */
  filterLookups: boolean;
  pageSize: number;
}

/**
 * Where a listing goes on: small enough to hand between activities (no resource data, only a
 * hash of the previous page's ids to recognise a target that ignores startIndex).
 */
export interface ListCursor {
  startIndex: number;
  /** The most resources the target has put on one page so far (its real page-size cap). */
  largestPage: number;
  previousPage?: string;
}

function firstPage(): ListCursor {
  return { startIndex: 1, largestPage: 0 };
}

function pageFingerprint(resources: readonly ScimResource[]): string {
  return createHash('sha256')
    .update(resources.map((resource) => resource.id).join('\n'))
    .digest('base64url')
    .slice(0, 16);
}

export class ResourceEndpoint<T extends ScimResource> {
  constructor(
    private readonly http: ScimHttp,
    readonly path: '/Users' | '/Groups',
    private readonly parse: ResourceParser<T>,
  ) {}

  async get(id: string): Promise<T> {
    const response = await this.http.request({ method: 'GET', path: this.resourcePath(id) });
    return this.require('GET', this.resourcePath(id), response.body);
  }

  /**
   * POST `document`. Whenever an earlier attempt may have been applied — the caller says so
   * (`mayExist`), or a POST here met a 5xx or a broken connection — `findExisting` is asked
   * first and what it finds is adopted; the POST is sent again only when it finds nothing.
   */
  async create(document: Record<string, unknown>, findExisting: () => Promise<T | undefined>, mayExist = false): Promise<{ resource: T; adopted: boolean }> {
    let unsure = mayExist;
    for (let attempt = 1; ; attempt += 1) {
      if (unsure) {
        const existing = await findExisting();
        if (existing) return { resource: existing, adopted: true };
      }
      try {
        const response = await this.http.request({ method: 'POST', path: this.path, body: document });
        return { resource: this.require('POST', this.path, response.body), adopted: false };
      } catch (error) {
        if (!(error instanceof ScimOutcomeUnknownError) || attempt >= this.http.policy.maxAttempts) throw error;
        unsure = true;
        await this.http.pause(attempt);
      }
    }
  }

  async replace(id: string, document: Record<string, unknown>): Promise<T> {
    const response = await this.http.request({ method: 'PUT', path: this.resourcePath(id), body: document });
    return this.require('PUT', this.resourcePath(id), response.body);
  }

  /** RFC 7644 §3.5.2: 200 with the resource, or 204 without (then undefined). */
  async patch(id: string, operations: ScimPatchOperation[]): Promise<T | undefined> {
    const response = await this.http.request({
      method: 'PATCH',
      path: this.resourcePath(id),
      body: { schemas: [SCIM_SCHEMA.patchOp], Operations: operations },
    });
    return response.body === undefined ? undefined : this.parse(response.body);
  }

  /** A resource already gone (404) counts as deleted: DELETE is idempotent for the caller. */
  async delete(id: string): Promise<{ alreadyGone: boolean }> {
    try {
      await this.http.request({ method: 'DELETE', path: this.resourcePath(id) });
      return { alreadyGone: false };
    } catch (error) {
      if (isScimRequestError(error, 404)) return { alreadyGone: true };
      throw error;
    }
  }

  /**
   * One page of a listing (RFC 7644 §3.4.2.4) and the cursor of the next, undefined at the end.
   * `totalResults` is not trusted to end a listing (targets report the page size there) and
   * `count` may be capped below what was asked, so the listing ends on an empty page, or on a
   * page shorter than the ones before it. Throws ScimPagingError rather than truncate: when a
   * later startIndex answers the same page again (the target ignores startIndex), or when the
   * listing ends before the totalResults the target announced.
   */
  async readPage(options: { filter?: string; pageSize: number }, cursor: ListCursor = firstPage()): Promise<{ resources: T[]; next: ListCursor | undefined }> {
    const response = await this.http.request({
      method: 'GET',
      path: this.path,
      query: { filter: options.filter, startIndex: cursor.startIndex, count: options.pageSize },
    });
    const list = listResponseBody.parse(response.body ?? {});
    const resources = (list.Resources ?? []).map((item) => this.require('GET', this.path, item));
    const read = cursor.startIndex - 1;
    if (resources.length === 0) {
      if (list.totalResults !== undefined && list.totalResults > read) {
        throw new ScimPagingError('GET', this.path, `listing ended after ${read} resources but totalResults says ${list.totalResults}`);
      }
      return { resources, next: undefined };
    }
    const fingerprint = pageFingerprint(resources);
    if (fingerprint === cursor.previousPage) {
      throw new ScimPagingError('GET', this.path, `startIndex ${cursor.startIndex} answered the same page as the one before: the target ignores startIndex`);
    }
    // Shorter than a page the target served before (or than what was asked, once it has shown
    // it serves that many): the last page. Otherwise one more request settles it.
    const servedBefore = cursor.largestPage;
    const last = resources.length < options.pageSize && servedBefore > 0 && resources.length < servedBefore;
    const next = { startIndex: cursor.startIndex + resources.length, largestPage: Math.max(servedBefore, resources.length), previousPage: fingerprint };
    return { resources, next: last ? undefined : next };
  }

  /** Every page of a listing, in order (see readPage for when it ends and when it throws). */
  async *pages(options: { filter?: string; pageSize: number }): AsyncGenerator<T[]> {
    let cursor: ListCursor | undefined = firstPage();
    while (cursor) {
      const page: { resources: T[]; next: ListCursor | undefined } = await this.readPage(options, cursor);
      if (page.resources.length > 0) yield page.resources;
      cursor = page.next;
    }
  }

  async list(options: { filter?: string; pageSize: number }): Promise<T[]> {
    const all: T[] = [];
    for await (const page of this.pages(options)) all.push(...page);
    return all;
  }

  /** The first resource whose `attribute` equals `value`, or undefined. */
  async findOne(attribute: 'externalId' | 'userName' | 'displayName', value: string, options: LookupOptions): Promise<T | undefined> {
    const matches = (resource: T) => {
      const actual = resource[attribute];
      if (typeof actual !== 'string') return false;
      return options.caseInsensitive ? actual.toLowerCase() === value.toLowerCase() : actual === value;
    };
    const scan = !options.filterLookups || (options.escapedLookups === 'prefixScan' && needsFilterEscaping(value));
    if (scan) {
      // A target without filtering is read page by page; one whose parser mishandles escapes
      // gets a `sw` on the part of the value that needs none.
      const prefix = options.filterLookups ? unescapedPrefix(value) : '';
      const filter = prefix === '' ? undefined : swFilter(attribute, prefix);
      for await (const page of this.pages({ filter, pageSize: options.pageSize })) {
        const found = page.find(matches);
        if (found) return found;
      }
      return undefined;
    }
    const response = await this.http.request({
      method: 'GET',
      path: this.path,
      query: { filter: eqFilter(attribute, value), count: 10 },
    });
    const list = listResponseBody.parse(response.body ?? {});
    // Filter semantics differ across targets (case, exactness): confirm on the client.
    return (list.Resources ?? []).map((item) => this.require('GET', this.path, item)).find(matches);
  }

  resourcePath(id: string): string {
    return `${this.path}/${encodeURIComponent(id)}`;
  }

  private require(method: HttpMethod, path: string, body: unknown): T {
    const resource = this.parse(body);
    if (!resource) throw new ScimProtocolError(method, path, `response is not a ${this.path.slice(1, -1)} resource with an id`);
    return resource;
  }
}
