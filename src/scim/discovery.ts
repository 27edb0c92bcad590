import { z } from 'zod';
import { isScimRequestError, ScimTargetUnavailableError } from './errors.js';
import { eqFilter } from './filter.js';
import type { ScimHttp } from './http.js';
import { SCIM_SCHEMA } from './types.js';
import { listResponseBody } from './wire.js';

/**
 * What a target says it supports (RFC 7644 §4: /ServiceProviderConfig, /ResourceTypes,
 * /Schemas), plus one read-only probe for a behaviour no discovery document describes.
 * Discovery makes no writes.
 *
 * RFC 7644 §4 makes /ServiceProviderConfig mandatory, but real directory-sync targets omit it
 * (404/501) while serving /Users and /Groups. Such a target is used with a conservative,
 * `assumed` profile: no Bulk, single requests, equality filters, PATCH for members — the
 * subset every SCIM 2.0 server we have met serves — and the tenant's dialect overrides may
 * then switch on what the target cannot advertise (see dialect.ts).
 */
export interface ScimCapabilities {
  /** `advertised`: read from /ServiceProviderConfig. `assumed`: the target has none. */
  source: 'advertised' | 'assumed';
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
const count = z
  .union([z.number(), z.string()])
  .transform((value) => Number(value))
  .optional();

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
/** Ceiling a tenant override may raise the page size to on a target that advertises nothing. */
const ASSUMED_MAX_RESULTS = 1000;

export async function discoverCapabilities(http: ScimHttp): Promise<ScimCapabilities> {
  const advertised = await readServiceProviderConfig(http);
  if (!advertised && !(await probeEndpoint(http, '/Users'))) {
    throw new ScimTargetUnavailableError('GET', '/Users', 'answered 404 like /ServiceProviderConfig did: no SCIM service at this base URL');
  }
  const config = advertised ?? {};
  const resourceTypes = await readList(http, '/ResourceTypes', resourceTypeBody);
  const schemas = await readList(http, '/Schemas', schemaBody);

  const typeServed = async (name: 'User' | 'Group', endpoint: string) =>
    resourceTypes ? resourceTypes.some((type) => type.name === name || type.endpoint === endpoint) : await probeEndpoint(http, endpoint);
  const userType = resourceTypes?.find((type) => type.name === 'User' || type.endpoint === '/Users');
  const enterpriseUser =
    (userType?.schemaExtensions ?? []).some((extension) => extension.schema === SCIM_SCHEMA.enterpriseUser) ||
    (schemas ?? []).some((schema) => schema.id === SCIM_SCHEMA.enterpriseUser);

  const bulkSupported = isTrue(config.bulk?.supported);
  const maxResults = positive(config.filter?.maxResults) ?? (advertised ? DEFAULT_MAX_RESULTS : ASSUMED_MAX_RESULTS);
  return {
    source: advertised ? 'advertised' : 'assumed',
    // Without a config, PATCH and equality filters are assumed: both are what member changes
    // and lookups need, and a target refusing them fails those requests with a clear 4xx.
    patch: advertised ? isTrue(config.patch?.supported) : true,
    bulk: {
      supported: bulkSupported && (positive(config.bulk?.maxOperations) ?? 0) > 0,
      maxOperations: positive(config.bulk?.maxOperations) ?? 0,
      maxPayloadSize: positive(config.bulk?.maxPayloadSize) ?? 0,
    },
    filter: { supported: advertised ? isTrue(config.filter?.supported) : true, maxResults },
    etag: isTrue(config.etag?.supported),
    sort: isTrue(config.sort?.supported),
    users: await typeServed('User', '/Users'),
    groups: await typeServed('Group', '/Groups'),
    enterpriseUser,
    escapedFilterValues: await probeEscapedFilter(http),
  };
}

/** The parsed /ServiceProviderConfig, or undefined when the target has none (404/501). */
async function readServiceProviderConfig(http: ScimHttp): Promise<z.infer<typeof serviceProviderConfigBody> | undefined> {
  try {
    return serviceProviderConfigBody.parse((await http.request({ method: 'GET', path: '/ServiceProviderConfig' })).body ?? {});
  } catch (error) {
    if (isScimRequestError(error, 404) || isScimRequestError(error, 501)) return undefined;
    throw error;
  }
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
