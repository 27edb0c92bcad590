/** Who is calling: the operator (ADMIN_API_TOKEN) or one tenant's API token. */
export type Principal = { kind: 'admin' } | { kind: 'tenant'; tokenId: string; tenantId: string };

/** The audit actor of a principal: `admin` or the API token id (never the token itself). */
export function actorOf(principal: Principal): string {
  return principal.kind === 'admin' ? 'admin' : principal.tokenId;
}
