import { z } from 'zod';

/** `PUT /api/admin/users/{id}/quota`: a person's own limit of running containers. */
export const userQuotaParamsSchema = z.object({
  id: z.coerce.number().int().positive(),
});

export const userQuotaRequestSchema = z
  .object({
    max_running: z.number().int().min(0).max(10_000).nullable().meta({
      description:
        'Containers this person may run at once; null: the platform default (MAX_RUNNING_PER_USER).',
    }),
  })
  .strict()
  .meta({ id: 'UserQuotaRequest' });
export type UserQuotaRequest = z.infer<typeof userQuotaRequestSchema>;

export const userQuotaResponseSchema = z
  .object({
    id: z.number().int(),
    max_running: z.number().int().nullable(),
    effective_max_running: z
      .number()
      .int()
      .nullable()
      .meta({ description: 'The limit that applies now; null: no limit.' }),
  })
  .meta({ id: 'UserQuota' });
export type UserQuotaResponse = z.infer<typeof userQuotaResponseSchema>;
