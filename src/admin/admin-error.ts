/**
 * Why an administrative change was refused, in terms the API turns into a status: `invalid`
 * (400, naming the request field), `not_found` (404), `conflict` (409), `refused` (the SIS
 * or SCIM target answered, but not as it must), `unreachable` (it could not be asked); the API
 * answers both with 422. `unavailable` (502): a running workflow the bridge itself depends on
 * did not answer.
 * Messages name what failed and what was expected; they never carry a secret or a body the
 * remote service sent (a tenant could otherwise read internal pages through them).
 */
export type AdminErrorKind = 'invalid' | 'not_found' | 'conflict' | 'refused' | 'unreachable' | 'unavailable';

export class AdminError extends Error {
  override readonly name = 'AdminError';
  constructor(
    readonly kind: AdminErrorKind,
    readonly code: string,
    message: string,
    /** The request field to fix, as the API names it (`body.credentials`). */
    readonly field?: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
  }
}

export function isAdminError(error: unknown): error is AdminError {
  return error instanceof AdminError;
}

/** A request field that must change, with the reason (a 400 naming it). */
export function invalidField(field: string, message: string, code = 'validation_failed'): AdminError {
  return new AdminError('invalid', code, `invalid ${field.split('.')[0] ?? 'request'}: ${field} ${message}`, field);
}
