import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { listenOnLoopback } from './http-listener.js';
import { SINK_SCHEMAS, SinkError, SinkStore, type Document, type GroupKey, type PatchOperation, type UserKey } from './sink-store.js';
import { TrafficControl } from './traffic-control.js';

/**
 * The bench SCIM target ("sink"): a SCIM 2.0 service provider on loopback whose per-request
 * cost is a few map operations, so a benchmark measures the bridge rather than the target
 * (SCIMMY, the realistic target, spends minutes of CPU per 100k users on its own).
 *
 * It serves the part of RFC 7644 the bridge uses, and nothing more:
 * - /ServiceProviderConfig, /ResourceTypes (User with the enterprise extension, Group), /Schemas;
 * - POST/GET/PUT/PATCH/DELETE on /Users and /Groups; 409 uniqueness on userName
 *   (case-insensitive) and externalId; Group members must be Users (400 invalidValue);
 * - GET with `eq` on id/externalId/userName (Users) or id/externalId/displayName (Groups),
 *   answered from indexes; RFC-escaped literals parse; any other filter is 400 invalidFilter;
 * - listing with startIndex/count (count capped at maxResults);
 * - PATCH member add/remove (`members` with a value array, or `members[value eq "…"]`);
 * - /Bulk when `bulk` is on (sequential, bulkId references, failOnErrors), else 501.
 */
export interface SinkServerOptions {
  token?: string;
  port?: number;
  /** Advertise and serve /Bulk. Off by default: single requests, like most targets. */
  bulk?: boolean;
  bulkMaxOperations?: number;
  bulkMaxPayloadSize?: number;
  /** Advertised filter.maxResults; also the page-size cap. */
  maxResults?: number;
}

export interface SinkServer {
  /** SCIM base URL, e.g. http://127.0.0.1:41234/scim/v2 */
  baseUrl: string;
  token: string;
  store: SinkStore;
  traffic: TrafficControl;
  close(): Promise<void>;
}

const MOUNT_PATH = '/scim/v2';
const MESSAGES = {
  list: 'urn:ietf:params:scim:api:messages:2.0:ListResponse',
  bulkResponse: 'urn:ietf:params:scim:api:messages:2.0:BulkResponse',
  serviceProviderConfig: 'urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig',
  resourceType: 'urn:ietf:params:scim:schemas:core:2.0:ResourceType',
  schema: 'urn:ietf:params:scim:schemas:core:2.0:Schema',
} as const;

interface Answer {
  status: number;
  body?: unknown;
  location?: string;
}

export async function startSinkServer(options: SinkServerOptions = {}): Promise<SinkServer> {
  const token = options.token ?? `sink-${randomBytes(24).toString('hex')}`;
  const store = new SinkStore();
  const traffic = new TrafficControl();
  const listener = await listenOnLoopback(traffic, options.port);
  const baseUrl = `${listener.origin}${MOUNT_PATH}`;
  const limits = {
    bulk: options.bulk ?? false,
    maxOperations: options.bulkMaxOperations ?? 1000,
    maxPayloadSize: options.bulkMaxPayloadSize ?? 4_194_304,
    maxResults: options.maxResults ?? 1000,
  };
  const router = new SinkRouter(store, baseUrl, limits);
  listener.setHandler((request, response) => {
    void serve(request, response, token, router, limits.maxPayloadSize);
  });
  return { baseUrl, token, store, traffic, close: listener.close };
}

async function serve(request: IncomingMessage, response: ServerResponse, token: string, router: SinkRouter, maxPayloadSize: number): Promise<void> {
  let answer: Answer;
  try {
    if (!bearerMatches(request.headers.authorization, token)) throw new SinkError(401, undefined, 'Invalid bearer token');
    const url = new URL(request.url ?? '/', 'http://sink');
    if (!url.pathname.startsWith(MOUNT_PATH)) throw new SinkError(404, undefined, `no SCIM endpoint at ${url.pathname}`);
    const body = await readBody(request, maxPayloadSize);
    answer = router.dispatch(request.method ?? 'GET', url.pathname.slice(MOUNT_PATH.length), url.searchParams, body);
  } catch (error) {
    answer = errorAnswer(error);
  }
  const headers: Record<string, string> = { 'content-type': 'application/scim+json' };
  if (answer.location) headers.location = answer.location;
  response.writeHead(answer.status, headers).end(answer.body === undefined ? undefined : JSON.stringify(answer.body));
}

async function readBody(request: IncomingMessage, limit: number): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit + 65_536) throw new SinkError(413, undefined, `request body above ${limit} bytes`);
    chunks.push(chunk);
  }
  if (size === 0) return undefined;
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
  } catch {
    throw new SinkError(400, 'invalidSyntax', 'request body is not JSON');
  }
}

function errorAnswer(error: unknown): Answer {
  const sinkError = error instanceof SinkError ? error : new SinkError(500, undefined, error instanceof Error ? error.message : String(error));
  return {
    status: sinkError.status,
    body: {
      schemas: [SINK_SCHEMAS.error],
      status: String(sinkError.status),
      ...(sinkError.scimType ? { scimType: sinkError.scimType } : {}),
      detail: sinkError.message,
    },
  };
}

function isDocument(value: unknown): value is Document {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

class SinkRouter {
  constructor(
    private readonly store: SinkStore,
    private readonly baseUrl: string,
    private readonly limits: { bulk: boolean; maxOperations: number; maxPayloadSize: number; maxResults: number },
  ) {}

  dispatch(method: string, path: string, query: URLSearchParams, body: unknown): Answer {
    const [, collection, id, extra] = path.split('/');
    if (extra !== undefined) throw new SinkError(404, undefined, `no endpoint at ${path}`);
    const upper = method.toUpperCase();
    if (id === undefined && upper === 'GET') {
      if (collection === 'ServiceProviderConfig') return { status: 200, body: this.serviceProviderConfig() };
      if (collection === 'ResourceTypes') return { status: 200, body: listOf(this.resourceTypes()) };
      if (collection === 'Schemas') return { status: 200, body: listOf(this.schemas()) };
    }
    if (collection === 'Bulk' && id === undefined && upper === 'POST') return this.bulk(body);
    if (collection !== 'Users' && collection !== 'Groups') throw new SinkError(404, undefined, `no endpoint at ${path}`);
    const users = collection === 'Users';
    const resourceId = id === undefined ? undefined : decodeURIComponent(id);
    if (resourceId === undefined) {
      if (upper === 'GET') return { status: 200, body: this.list(users, query) };
      if (upper === 'POST') {
        const created = users ? this.store.createUser(requireDocument(body)) : this.store.createGroup(requireDocument(body));
        return { status: 201, body: this.render(users, created), location: this.location(users, String(created.id)) };
      }
    } else {
      switch (upper) {
        case 'GET':
          return { status: 200, body: this.render(users, users ? this.store.getUser(resourceId) : this.store.getGroup(resourceId)) };
        case 'PUT':
          return {
            status: 200,
            body: this.render(
              users,
              users ? this.store.replaceUser(resourceId, requireDocument(body)) : this.store.replaceGroup(resourceId, requireDocument(body)),
            ),
          };
        case 'PATCH': {
          const operations = patchOperations(body);
          if (users) return { status: 200, body: this.render(true, this.store.patchUser(resourceId, operations)) };
          // Group PATCHes answer 204 (RFC 7644 §3.5.2): no member list is serialised per change.
          this.store.patchGroup(resourceId, operations);
          return { status: 204 };
        }
        case 'DELETE':
          if (users) this.store.deleteUser(resourceId);
          else this.store.deleteGroup(resourceId);
          return { status: 204 };
      }
    }
    throw new SinkError(405, undefined, `${upper} is not served on ${path}`);
  }

  private list(users: boolean, query: URLSearchParams): Document {
    const startIndex = Math.max(1, Number(query.get('startIndex') ?? 1) || 1);
    const count = Math.min(this.limits.maxResults, Math.max(0, Number(query.get('count') ?? this.limits.maxResults) || 0));
    const filter = query.get('filter');
    let total: number;
    let page: Document[];
    if (filter) {
      const { attribute, value } = parseEqFilter(filter, users ? ['id', 'externalId', 'userName'] : ['id', 'externalId', 'displayName']);
      const all = users ? this.store.findUsers(attribute as UserKey, value) : this.store.findGroups(attribute as GroupKey, value);
      total = all.length;
      page = all.slice(startIndex - 1, startIndex - 1 + count);
    } else {
      ({ total, page } = users ? this.store.listUsers(startIndex, count) : this.store.listGroups(startIndex, count));
    }
    return {
      schemas: [MESSAGES.list],
      totalResults: total,
      startIndex,
      itemsPerPage: page.length,
      Resources: page.map((resource) => this.render(users, resource)),
    };
  }

  /** RFC 7644 §3.7: operations in order, `bulkId:` references resolved, failOnErrors honoured. */
  private bulk(body: unknown): Answer {
    if (!this.limits.bulk) throw new SinkError(501, undefined, 'Bulk is not served');
    const request = requireDocument(body);
    const operations = Array.isArray(request.Operations) ? (request.Operations as unknown[]) : [];
    if (operations.length > this.limits.maxOperations) throw new SinkError(413, undefined, `more than ${this.limits.maxOperations} operations`);
    const failOnErrors = typeof request.failOnErrors === 'number' ? request.failOnErrors : Infinity;
    const idOfBulkId = new Map<string, string>();
    const resolve = (text: string) => text.replace(/bulkId:([\w-]+)/g, (reference, bulkId: string) => idOfBulkId.get(bulkId) ?? reference);
    const results: Document[] = [];
    let errors = 0;
    for (const raw of operations) {
      if (errors >= failOnErrors) break;
      const operation = requireDocument(raw);
      const method = String(operation.method ?? '').toUpperCase();
      const bulkId = typeof operation.bulkId === 'string' ? operation.bulkId : undefined;
      let answer: Answer;
      const path = resolve(String(operation.path ?? ''));
      try {
        const data = operation.data === undefined ? undefined : (JSON.parse(resolve(JSON.stringify(operation.data))) as unknown);
        if (path.startsWith('/Bulk')) throw new SinkError(400, 'invalidSyntax', 'Bulk inside Bulk');
        answer = this.dispatch(method, path, new URLSearchParams(), data);
      } catch (error) {
        answer = errorAnswer(error);
      }
      const ok = answer.status >= 200 && answer.status < 300;
      if (!ok) errors += 1;
      const createdId = method === 'POST' && ok && isDocument(answer.body) ? String(answer.body.id) : undefined;
      if (bulkId !== undefined && createdId !== undefined) idOfBulkId.set(bulkId, createdId);
      results.push({
        method,
        ...(bulkId !== undefined ? { bulkId } : {}),
        // A create's location is the new resource's; any other success names the resource it touched.
        ...(answer.location ? { location: answer.location } : ok ? { location: `${this.baseUrl}${path}` } : {}),
        status: String(answer.status),
        ...(answer.body !== undefined ? { response: answer.body } : {}),
      });
    }
    return { status: 200, body: { schemas: [MESSAGES.bulkResponse], Operations: results } };
  }

  private render(users: boolean, resource: Document): Document {
    const id = String(resource.id);
    return { ...resource, meta: { resourceType: users ? 'User' : 'Group', location: this.location(users, id) } };
  }

  private location(users: boolean, id: string): string {
    return `${this.baseUrl}/${users ? 'Users' : 'Groups'}/${encodeURIComponent(id)}`;
  }

  private serviceProviderConfig(): Document {
    return {
      schemas: [MESSAGES.serviceProviderConfig],
      patch: { supported: true },
      bulk: {
        supported: this.limits.bulk,
        maxOperations: this.limits.bulk ? this.limits.maxOperations : 0,
        maxPayloadSize: this.limits.bulk ? this.limits.maxPayloadSize : 0,
      },
      filter: { supported: true, maxResults: this.limits.maxResults },
      changePassword: { supported: false },
      sort: { supported: false },
      etag: { supported: false },
      authenticationSchemes: [{ type: 'oauthbearertoken', name: 'OAuth Bearer Token', description: 'Bearer token in the Authorization header' }],
    };
  }

  private resourceTypes(): Document[] {
    return [
      {
        schemas: [MESSAGES.resourceType],
        id: 'User',
        name: 'User',
        endpoint: '/Users',
        schema: SINK_SCHEMAS.user,
        schemaExtensions: [{ schema: SINK_SCHEMAS.enterpriseUser, required: false }],
      },
      { schemas: [MESSAGES.resourceType], id: 'Group', name: 'Group', endpoint: '/Groups', schema: SINK_SCHEMAS.group },
    ];
  }

  private schemas(): Document[] {
    return [
      { schemas: [MESSAGES.schema], id: SINK_SCHEMAS.user, name: 'User', attributes: [] },
      { schemas: [MESSAGES.schema], id: SINK_SCHEMAS.enterpriseUser, name: 'EnterpriseUser', attributes: [] },
      { schemas: [MESSAGES.schema], id: SINK_SCHEMAS.group, name: 'Group', attributes: [] },
    ];
  }
}

function listOf(resources: Document[]): Document {
  return { schemas: [MESSAGES.list], totalResults: resources.length, startIndex: 1, itemsPerPage: resources.length, Resources: resources };
}

function requireDocument(body: unknown): Document {
  if (!isDocument(body)) throw new SinkError(400, 'invalidSyntax', 'request body must be a JSON object');
  return body;
}

function patchOperations(body: unknown): PatchOperation[] {
  const request = requireDocument(body);
  if (!Array.isArray(request.schemas) || !request.schemas.includes(SINK_SCHEMAS.patchOp)) throw new SinkError(400, 'invalidSyntax', 'not a PatchOp request');
  if (!Array.isArray(request.Operations)) throw new SinkError(400, 'invalidSyntax', 'Operations is required');
  return request.Operations.map((operation: unknown) => {
    const candidate = requireDocument(operation);
    if (typeof candidate.op !== 'string') throw new SinkError(400, 'invalidSyntax', 'op is required');
    return {
      op: candidate.op,
      ...(typeof candidate.path === 'string' ? { path: candidate.path } : {}),
      ...('value' in candidate ? { value: candidate.value } : {}),
    };
  });
}

/** `attribute eq "literal"` with a JSON string literal (RFC 7644 §3.4.2.2); nothing else. */
function parseEqFilter(filter: string, attributes: readonly string[]): { attribute: string; value: string } {
  const match = /^\s*([A-Za-z][\w.]*)\s+eq\s+("(?:[^"\\]|\\.)*")\s*$/i.exec(filter);
  const attribute = match ? attributes.find((name) => name.toLowerCase() === match[1]!.toLowerCase()) : undefined;
  if (!match || !attribute) throw new SinkError(400, 'invalidFilter', `only "<${attributes.join('|')}> eq \\"…\\"" is served, not ${JSON.stringify(filter)}`);
  try {
    return { attribute, value: JSON.parse(match[2]!) as string };
  } catch {
    throw new SinkError(400, 'invalidFilter', `bad string literal in ${JSON.stringify(filter)}`);
  }
}

function bearerMatches(header: string | undefined, token: string): boolean {
  const presented = /^Bearer\s+(.+)$/i.exec(header ?? '')?.[1];
  if (!presented) return false;
  const a = Buffer.from(presented);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}
