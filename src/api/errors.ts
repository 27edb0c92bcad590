import type { z } from 'zod';

/** The one error shape of every 4xx/5xx response. */
export interface ErrorBody {
  error: { code: string; message: string; details?: unknown };
}

export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 405 | 409 | 413 | 415 | 422 | 429 | 500 | 502 | 503,
    readonly code: string,
    message: string,
    readonly details?: unknown,
    /** Response headers that belong to the error (Retry-After on a 429, Allow on a 405). */
    readonly headers?: Record<string, string>,
  ) {
    super(message);
  }

  toBody(): ErrorBody {
    return { error: { code: this.code, message: this.message, ...(this.details === undefined ? {} : { details: this.details }) } };
  }
}

/** Where a bad value was, in the caller's words: Hono's validation targets renamed. */
const TARGET_NAMES: Record<string, string> = { json: 'body', param: 'path' };

/** Names each bad field (`body.mode`, `query.limit`, `path.tenant_id`) so an admin can fix the request. */
export function validationError(target: string, error: z.ZodError): ApiError {
  const where = TARGET_NAMES[target] ?? target;
  const fields = error.issues.map((issue) => ({
    field: [where, ...issue.path.map(String)].join('.'),
    message: issue.message,
  }));
  return new ApiError(400, 'validation_failed', `invalid ${where}: ${fields.map((f) => f.field).join(', ')}`, { fields });
}
