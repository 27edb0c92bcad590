import { z } from '@hono/zod-openapi';

/** Shared schemas and response fragments for route definitions. */

export const ErrorBodySchema = z
  .object({
    error: z.object({
      code: z.string().openapi({ example: 'validation_failed' }),
      message: z.string(),
      details: z.unknown().optional(),
    }),
  })
  .openapi('Error');

/** Ids that also become secrets-store path segments, so they stay within [A-Za-z0-9_-]. */
export const TenantIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/, 'letters, digits, _ and -, at most 64, starting with a letter or digit')
  .openapi({ example: 'district-42' });

export const TenantParams = z.object({
  tenant_id: TenantIdSchema.openapi({ param: { name: 'tenant_id', in: 'path' } }),
});

export const uuidParam = (name: string) => z.uuid().openapi({ param: { name, in: 'path' }, example: '7d9f3c2e-0f4b-4a51-9a53-3b1c1f0c8e21' });

export const PageQuery = z.object({
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(200)
    .default(50)
    .openapi({ param: { name: 'limit', in: 'query' } }),
  offset: z.coerce
    .number()
    .int()
    .min(0)
    .max(1_000_000)
    .default(0)
    .openapi({ param: { name: 'offset', in: 'query' } }),
});

export function json<T extends z.ZodType>(schema: T, description: string) {
  return { description, content: { 'application/json': { schema } } };
}

export function jsonBody<T extends z.ZodType>(schema: T) {
  return { required: true, content: { 'application/json': { schema } } };
}

const errorOf = (description: string) => json(ErrorBodySchema, description);

/** The error responses every authenticated route can give. */
export const authErrors = {
  400: errorOf('invalid request (each bad field is named in details.fields)'),
  401: errorOf('missing or invalid bearer token'),
  403: errorOf('the token does not reach this tenant or route'),
  429: errorOf('too many failed authentications from this address; see Retry-After'),
} as const;

export const errors = {
  404: errorOf('not found'),
  409: errorOf('conflicts with the current state'),
  413: errorOf('request body larger than 1 MiB'),
  415: errorOf('request body is not application/json'),
  422: errorOf('the SIS or SCIM target refused the check, did not answer as it must, or could not be reached'),
  502: errorOf('the SIS or SCIM target could not be reached'),
} as const;

/**
 * `schema` or null. `.nullable()` on a schema registered as an OpenAPI component is published as
 * a bare $ref (the generator drops the null), so the document would forbid the null the server
 * sends; a union with null is published as anyOf [$ref, null].
 */
export function orNull<T extends z.ZodType>(schema: T) {
  return z.union([schema, z.null()]);
}

export const isoDate = z.string().openapi({ format: 'date-time', example: '2025-09-01T06:00:00.000Z' });

export function iso(value: Date): string;
export function iso(value: Date | null): string | null;
export function iso(value: Date | null): string | null {
  return value ? value.toISOString() : null;
}
