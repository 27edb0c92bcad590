import { z } from '@hono/zod-openapi';

/** Identity-mapping options: tenant defaults, provider overrides. */
export const MappingSchema = z
  .strictObject({
    usernameTemplates: z
      .array(z.string().min(1).max(200))
      .min(1)
      .max(10)
      .optional()
      .openapi({ example: ['{email}', '{sisId}@{domain}'] }),
    emailDomain: z
      .string()
      .regex(/^[A-Za-z0-9.-]+\.[A-Za-z]{2,}$/, 'a domain name such as schools.example.org')
      .optional(),
    deprovisionPolicy: z.enum(['deactivate', 'delete']).optional(),
    deletionThreshold: z
      .strictObject({
        count: z.number().int().min(0).optional(),
        percent: z.number().min(0).max(100).optional(),
      })
      .optional(),
    verifyTarget: z
      .enum(['never', 'full'])
      .optional()
      .openapi({ description: '`full` (default): full syncs read the SCIM target back and repair drift; `never`: trust the record of what was applied' }),
  })
  .openapi('MappingOptions');
