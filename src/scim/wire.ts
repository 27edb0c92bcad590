import { z } from 'zod';
import type { ScimGroup, ScimResource, ScimUser } from './types.js';

/**
 * Tolerant readers for what real targets send. RFC 7644 says `status` is a string; several
 * servers send a number. ListResponse `Resources` is omitted by some when empty, and
 * `totalResults` by others. Unknown attributes are kept (loose objects), never rejected.
 */

const statusField = z.union([z.string(), z.number()]).transform((value) => Number(value));

export const scimErrorBody = z.looseObject({
  status: statusField.optional(),
  scimType: z.string().optional(),
  detail: z.string().optional(),
  // better-auth's rate limiter and generic frameworks answer `{ message }` instead.
  message: z.string().optional(),
});

const metaSchema = z.looseObject({
  resourceType: z.string().optional(),
  created: z.string().optional(),
  lastModified: z.string().optional(),
  location: z.string().optional(),
  version: z.string().optional(),
});

const resourceSchema = z.looseObject({
  id: z.string().min(1),
  externalId: z.string().optional(),
  meta: metaSchema.optional(),
});

const userSchema = resourceSchema.extend({
  userName: z.string(),
  active: z
    .union([z.boolean(), z.enum(['true', 'false', 'True', 'False'])])
    .transform((value) => String(value).toLowerCase() === 'true')
    .optional(),
});

const groupSchema = resourceSchema.extend({
  displayName: z.string(),
  members: z.array(z.looseObject({ value: z.string(), display: z.string().optional(), type: z.string().optional() })).optional(),
});

export const listResponseBody = z.looseObject({
  totalResults: z
    .union([z.number(), z.string()])
    .transform((value) => Number(value))
    .optional(),
  startIndex: z
    .union([z.number(), z.string()])
    .transform((value) => Number(value))
    .optional(),
  itemsPerPage: z
    .union([z.number(), z.string()])
    .transform((value) => Number(value))
    .optional(),
  Resources: z.array(z.unknown()).optional(),
});

export const bulkResponseBody = z.looseObject({
  Operations: z
    .array(
      z.looseObject({
        method: z.string().optional(),
        bulkId: z.string().optional(),
        location: z.string().optional(),
        status: z.union([z.string(), z.number(), z.looseObject({ code: z.union([z.string(), z.number()]) })]),
        response: z.unknown().optional(),
      }),
    )
    .optional(),
});

export type BulkResponseOperation = NonNullable<z.infer<typeof bulkResponseBody>['Operations']>[number];

export type ResourceParser<T extends ScimResource> = (body: unknown) => T | undefined;

export const parseResource: ResourceParser<ScimResource> = (body) => {
  const parsed = resourceSchema.safeParse(body);
  return parsed.success ? (parsed.data as ScimResource) : undefined;
};

export const parseUser: ResourceParser<ScimUser> = (body) => {
  const parsed = userSchema.safeParse(body);
  return parsed.success ? (parsed.data as ScimUser) : undefined;
};

export const parseGroup: ResourceParser<ScimGroup> = (body) => {
  const parsed = groupSchema.safeParse(body);
  return parsed.success ? (parsed.data as ScimGroup) : undefined;
};

/** Status of a bulk result: "201", 201, or the `{ code }` shape of RFC 7644 drafts. */
export function bulkStatus(status: BulkResponseOperation['status']): number {
  return typeof status === 'object' ? Number(status.code) : Number(status);
}

/** The resource id at the end of a `location` URL (RFC 7644 §3.7.3 bulk results). */
export function idFromLocation(location: string | undefined): string | undefined {
  if (!location) return undefined;
  const path = location.split(/[?#]/, 1)[0] ?? '';
  const last = path.replace(/\/+$/, '').split('/').pop();
  return last ? decodeURIComponent(last) : undefined;
}
