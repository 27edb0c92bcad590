import { isScimRequestError, ScimProtocolError } from './errors.js';
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
  pageSize: number;
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

  async create(document: Record<string, unknown>): Promise<T> {
    const response = await this.http.request({ method: 'POST', path: this.path, body: document });
    return this.require('POST', this.path, response.body);
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
   * Pages of resources matching `filter` (RFC 7644 §3.4.2.4). Stops on an empty page or once
   * `totalResults` is reached; a missing `Resources` is an empty page.
   */
  async *pages(options: { filter?: string; pageSize: number }): AsyncGenerator<T[]> {
    let startIndex = 1;
    let previousFirstId: string | undefined;
    for (;;) {
      const response = await this.http.request({
        method: 'GET',
        path: this.path,
        query: { filter: options.filter, startIndex, count: options.pageSize },
      });
      const list = listResponseBody.parse(response.body ?? {});
      const page = (list.Resources ?? []).map((item) => this.require('GET', this.path, item));
      if (page.length === 0) return;
      // A target that ignores startIndex would hand back page one forever.
      if (page[0]?.id === previousFirstId) throw new ScimProtocolError('GET', this.path, `startIndex ${startIndex} repeated the previous page`);
      previousFirstId = page[0]?.id;
      yield page;
      startIndex += page.length;
      if (list.totalResults !== undefined && startIndex - 1 >= list.totalResults) return;
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
    if (options.escapedLookups === 'prefixScan' && needsFilterEscaping(value)) {
      const prefix = unescapedPrefix(value);
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
