import { z } from 'zod';
import { isScimRequestError } from './errors.js';
import { eqFilter } from './filter.js';
import type { ScimHttp } from './http.js';
import { SCIM_SCHEMA } from './types.js';
import { listResponseBody } from './wire.js';

/**
 * What a target says it supports (RFC 7644 §4: /ServiceProviderConfig, /ResourceTypes,
 * /Schemas), plus one read-only probe for a behaviour no discovery document describes.
 * Discovery makes no writes.
 */
export interface ScimCapabilities {
  patch: boolean;
  bulk: { supported: boolean; maxOperations: number; maxPayloadSize: number };
  filter: { supported: boolean; maxResults: number };
  etag: boolean;
  sort: boolean;
  /** Resource types served: from /ResourceTypes, else by probing the endpoint. */
  users: boolean;
  groups: boolean;
  /** The enterprise User extension is advertised on the User resource type or in /Schemas. */
  enterpriseUser: boolean;
  /** A filter literal with `\"` parses (probed with a read). False for SCIMMY 1.3. */
  escapedFilterValues: boolean;
}

const supported = z.union([z.boolean(), z.enum(['true', 'false'])]).optional();
const supportedFlag = z.looseObject({ supported }).optional();
const count = z.union([z.number(), z.string()]).transform((value) => Number(value)).optional();

const serviceProviderConfigBody = z.looseObject({
  patch: supportedFlag,
  bulk: z.looseObject({ supported: supported, maxOperations: count, maxPayloadSize: count }).optional(),
  filter: z.looseObject({ supported: supported, maxResults: count }).optional(),
  etag: supportedFlag,
  sort: supportedFlag,
});

const resourceTypeBody = z.looseObject({
  name: z.string().optional(),
  endpoint: z.string().optional(),
  schemaExtensions: z.array(z.looseObject({ schema: z.string() })).optional(),
});

const schemaBody = z.looseObject({ id: z.string() });

/** Page size the client uses when a target advertises no filter.maxResults. */
const DEFAULT_MAX_RESULTS = 100;

export async function discoverCapabilities(http: ScimHttp): Promise<ScimCapabilities> {
  const config = serviceProviderConfigBody.parse((await http.request({ method: 'GET', path: '/ServiceProviderConfig' })).body ?? {});
  const resourceTypes = await readList(http, '/ResourceTypes', resourceTypeBody);
  const schemas = await readList(http, '/Schemas', schemaBody);

  const typeServed = async (name: 'User' | 'Group', endpoint: string) =>
    resourceTypes ? resourceTypes.some((type) => type.name === name || type.endpoint === endpoint) : await probeEndpoint(http, endpoint);
  const userType = resourceTypes?.find((type) => type.name === 'User' || type.endpoint === '/Users');
  const enterpriseUser =
    (userType?.schemaExtensions ?? []).some((extension) => extension.schema === SCIM_SCHEMA.enterpriseUser) ||
    (schemas ?? []).some((schema) => schema.id === SCIM_SCHEMA.enterpriseUser);

  const bulkSupported = isTrue(config.bulk?.supported);
  const maxResults = positive(config.filter?.maxResults) ?? DEFAULT_MAX_RESULTS;
  return {
    patch: isTrue(config.patch?.supported),
    bulk: {
      supported: bulkSupported && (positive(config.bulk?.maxOperations) ?? 0) > 0,
      maxOperations: positive(config.bulk?.maxOperations) ?? 0,
      maxPayloadSize: positive(config.bulk?.maxPayloadSize) ?? 0,
    },
    filter: { supported: isTrue(config.filter?.supported), maxResults },
    etag: isTrue(config.etag?.supported),
    sort: isTrue(config.sort?.supported),
    users: await typeServed('User', '/Users'),
    groups: await typeServed('Group', '/Groups'),
    enterpriseUser,
    escapedFilterValues: await probeEscapedFilter(http),
  };
}

async function readList<T extends z.ZodType>(http: ScimHttp, path: string, item: T): Promise<z.infer<T>[] | undefined> {
  try {
    const list = listResponseBody.parse((await http.request({ method: 'GET', path })).body ?? {});
    return (list.Resources ?? []).flatMap((resource) => {
      const parsed = item.safeParse(resource);
      return parsed.success ? [parsed.data] : [];
    });
  } catch (error) {
    // RFC 7644 §4 makes these endpoints mandatory, but some targets omit them.
    if (isScimRequestError(error, 404) || isScimRequestError(error, 501)) return undefined;
    throw error;
  }
}

async function probeEndpoint(http: ScimHttp, path: string): Promise<boolean> {
  try {
    await http.request({ method: 'GET', path, query: { count: 1 } });
    return true;
  } catch (error) {
    if (isScimRequestError(error, 404) || isScimRequestError(error, 501)) return false;
    throw error;
  }
}

/** A userName lookup whose literal needs escaping; a 400 means the parser cannot take it. */
async function probeEscapedFilter(http: ScimHttp): Promise<boolean> {
  try {
    await http.request({ method: 'GET', path: '/Users', query: { filter: eqFilter('userName', 'sis-bridge "probe" \\'), count: 1 } });
    return true;
  } catch (error) {
    if (isScimRequestError(error, 400)) return false;
    throw error;
  }
}

function isTrue(value: boolean | string | undefined): boolean {
  return value === true || value === 'true';
}

function positive(value: number | undefined): number | undefined {
  return value !== undefined && Number.isFinite(value) && value > 0 ? value : undefined;
}
