/**
 * Failures that say "something the run depends on is unavailable right now" rather than
 * "this work is wrong": the database, the network, the SCIM target or the SIS as a whole.
 * Such failures are waited out for an outage budget (OUTAGE_BUDGET_MINUTES), apart from the
 * MAX_RETRY_ATTEMPTS an activity gets for anything else. Pure: used by activities to type a
 * raw error and by workflow code to decide whether to wait.
 */

/** The failure type activities give a raw database or network error (see isInfrastructureError). */
export const INFRASTRUCTURE_UNAVAILABLE = 'InfrastructureUnavailable';

/** Activity failure types that mean an outage, not a problem with the work itself. */
export const OUTAGE_FAILURE_TYPES: ReadonlySet<string> = new Set([
  INFRASTRUCTURE_UNAVAILABLE,
  'ScimUnavailableError',
  'ScimRateLimitError',
  'SisUnavailableError',
  'SisRateLimitError',
]);

/** Socket-level error codes (Node) and postgres.js connection states. */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
  'CONNECTION_CLOSED',
  'CONNECTION_ENDED',
  'CONNECTION_DESTROYED',
  'CONNECT_TIMEOUT',
]);

/**
 * SQLSTATE classes and codes of a server going away or refusing connections: 08 (connection
 * exception), 57P01–57P03 (admin/crash shutdown, cannot connect now), 53300 (too many
 * connections), 25006 (read-only transaction: a standby during failover).
 */
function isUnavailableSqlState(code: string): boolean {
  return /^08[0-9A-Z]{3}$/.test(code) || ['57P01', '57P02', '57P03', '53300', '25006'].includes(code);
}

/** A database or network failure anywhere in the error's cause chain. */
export function isInfrastructureError(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; current && typeof current === 'object' && depth < 8; depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && (NETWORK_CODES.has(code) || isUnavailableSqlState(code))) return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}
