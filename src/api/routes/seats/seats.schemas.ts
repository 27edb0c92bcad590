import { z } from '@hono/zod-openapi';
import { SEAT_REASONS, SEAT_STATES } from '../../../domain/seats/seat-state.js';
import { isoDate, TenantParams } from '../../openapi/common.js';

export const PoolIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/, 'letters, digits, _ and -, at most 64, starting with a letter or digit')
  .openapi({ example: 'math-plus' });

export const PoolParams = TenantParams.extend({ pool_id: PoolIdSchema.openapi({ param: { name: 'pool_id', in: 'path' } }) });

const ids = z.array(z.string().min(1).max(200)).max(1000);

const EligibilitySchema = z
  .strictObject({
    roles: z
      .array(z.enum(['teacher', 'student']))
      .min(1)
      .max(2)
      .default(['teacher', 'student']),
    schoolIds: ids.optional(),
    courseIds: ids.optional(),
    subjects: ids.optional(),
  })
  .openapi('SeatEligibility', {
    description: 'Enrollments in sections of a current term (start ≤ today ≤ end) with one of these roles; empty filters match all.',
  });

export const PutSeatPoolBody = z
  .strictObject({
    name: z.string().min(1).max(200),
    sku: z
      .string()
      .min(1)
      .max(200)
      .nullable()
      .default(null)
      .openapi({ description: 'With TENANT_SERVICE_URL set, the licensed seats of this SKU are the capacity.' }),
    capacity: z.number().int().min(0).max(10_000_000),
    eligibility: EligibilitySchema.default({ roles: ['teacher', 'student'] }),
    gracePeriodSeconds: z
      .number()
      .int()
      .min(0)
      .max(366 * 24 * 3600)
      .default(7 * 24 * 3600),
    scimGroup: z.boolean().default(true).openapi({ description: 'Reflect seat holders as members of the SCIM Group "Seat: <name>".' }),
  })
  .openapi('PutSeatPool');

export const SeatPoolSchema = z
  .object({
    id: z.string(),
    tenantId: z.string(),
    name: z.string(),
    sku: z.string().nullable(),
    capacity: z.number().int(),
    effectiveCapacity: z
      .number()
      .int()
      .nullable()
      .openapi({ description: 'Capacity the last reconcile used (Tenant Service or `capacity`); null before the first.' }),
    eligibility: EligibilitySchema,
    gracePeriodSeconds: z.number().int(),
    scimGroup: z.boolean(),
    scimGroupId: z.string().nullable(),
    createdAt: isoDate,
    updatedAt: isoDate,
  })
  .openapi('SeatPool');

export const SeatAssignmentSchema = z
  .object({
    poolId: z.string(),
    providerId: z.string(),
    userId: z.string().openapi({ description: 'The SIS user id (sourcedId / Clever id).' }),
    state: z.enum(SEAT_STATES),
    reason: z.enum(SEAT_REASONS),
    eligibleSince: isoDate,
    assignedAt: isoDate.nullable(),
    waitlistedAt: isoDate.nullable(),
    graceStartedAt: isoDate.nullable(),
    graceEndsAt: isoDate.nullable(),
    releasedAt: isoDate.nullable(),
    updatedAt: isoDate,
  })
  .openapi('SeatAssignment');

export const PoolUtilisationSchema = z
  .object({ poolId: z.string(), capacity: z.number().int(), held: z.number().int(), waitlisted: z.number().int(), utilisation: z.number() })
  .openapi('SeatPoolUtilisation', { description: 'held = assigned + in grace; utilisation = held / capacity.' });
