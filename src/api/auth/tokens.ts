import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

const TOKEN_PREFIX = 'sisb_';

/** A new tenant API token: shown once to the caller, only its hash is stored. */
export function generateApiToken(): string {
  return `${TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
}

export function hashApiToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/**
 * Constant-time comparison with the admin token. Both sides are hashed first so the
 * comparison runs over equal lengths and leaks neither the length nor a matching prefix.
 */
export function isAdminToken(given: string, adminToken: string | undefined): boolean {
  if (!adminToken) return false;
  const a = createHash('sha256').update(given, 'utf8').digest();
  const b = createHash('sha256').update(adminToken, 'utf8').digest();
  return timingSafeEqual(a, b);
}
