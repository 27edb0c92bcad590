/**
 * The SCIM Group that mirrors a pool's seat holders. Its externalId is deterministic from
 * (tenant, pool) and in its own namespace, so it can never collide with a section's Group
 * (`sis:<provider>:section:<id>`), and a retried create adopts what an earlier attempt made.
 */
export function seatGroupExternalId(tenantId: string, poolId: string): string {
  return `seat:${tenantId}:${poolId}`;
}

export function seatGroupName(poolName: string): string {
  return `Seat: ${poolName}`;
}
