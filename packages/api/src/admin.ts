import { z } from 'zod';
import { emailSchema } from './auth.js';
import { containerStatusSchema, TEMPLATE_KEY_PATTERN } from './containers.js';

const isoTime = z.iso.datetime().meta({ description: 'UTC, ISO-8601.' });

/** Search, order and page of an admin list; each list names the columns it sorts by. */
const pageFields = {
  page: z.coerce.number().int().min(1).max(1_000_000).default(1),
  per_page: z.coerce.number().int().min(1).max(200).default(50),
};
const searchField = z
  .string()
  .trim()
  .max(254)
  .optional()
  .meta({ description: 'Part of the email address or slug (case-insensitive).' });
const orderField = z.enum(['asc', 'desc']).default('asc');

export const adminUserSchema = z
  .object({
    id: z.number().int(),
    email: z.string(),
    slug: z.string(),
    created_at: isoTime,
    last_seen: isoTime
      .nullable()
      .meta({ description: 'The last sign-in or use of a session; null until the first.' }),
    running_containers: z.number().int().min(0),
    blocked: z
      .boolean()
      .meta({ description: 'A blocked person cannot sign in and has no sessions.' }),
    is_admin: z.boolean(),
  })
  .meta({ id: 'AdminUser' });
export type AdminUser = z.infer<typeof adminUserSchema>;

export const adminUsersQuerySchema = z.object({
  q: searchField,
  sort: z.enum(['email', 'created', 'last_seen']).default('email'),
  order: orderField,
  ...pageFields,
});
export type AdminUsersQuery = z.input<typeof adminUsersQuerySchema>;

export const adminUsersResponseSchema = z
  .object({
    users: z.array(adminUserSchema),
    total: z.number().int().min(0).meta({ description: 'Users matching `q`, on all pages.' }),
    page: z.number().int().min(1),
    per_page: z.number().int().min(1),
  })
  .meta({ id: 'AdminUsers' });
export type AdminUsersResponse = z.infer<typeof adminUsersResponseSchema>;

export const adminInviteRequestSchema = z
  .object({
    email: emailSchema,
    send_link: z
      .boolean()
      .default(false)
      .meta({ description: '`true` also mails the address a sign-in link.' }),
  })
  .meta({ id: 'AdminInvite' });
export type AdminInviteRequest = z.input<typeof adminInviteRequestSchema>;

export const adminUserParamsSchema = z.object({ id: z.coerce.number().int().min(1) });

const ownerSchema = z.object({ id: z.number().int(), email: z.string(), slug: z.string() });

export const adminContainerSchema = z
  .object({
    owner: ownerSchema,
    type: z.string().meta({ description: 'The template key.' }),
    status: containerStatusSchema,
    container_id: z.string().nullable(),
    created_at: isoTime.nullable(),
    last_used: isoTime.nullable(),
  })
  .meta({ id: 'AdminContainer' });
export type AdminContainer = z.infer<typeof adminContainerSchema>;

export const adminContainersQuerySchema = z.object({
  q: searchField.meta({ description: "Part of the owner's email address or slug." }),
  type: z.string().max(16).optional().meta({ description: 'A template key.' }),
  status: containerStatusSchema.optional(),
  sort: z.enum(['email', 'created', 'last_used']).default('email'),
  order: orderField,
  ...pageFields,
});
export type AdminContainersQuery = z.input<typeof adminContainersQuerySchema>;

export const adminContainersResponseSchema = z
  .object({
    containers: z.array(adminContainerSchema),
    total: z.number().int().min(0),
    page: z.number().int().min(1),
    per_page: z.number().int().min(1),
  })
  .meta({ id: 'AdminContainers' });
export type AdminContainersResponse = z.infer<typeof adminContainersResponseSchema>;

export const adminContainerParamsSchema = z.object({
  userId: z.coerce.number().int().min(1),
  type: z.string().regex(TEMPLATE_KEY_PATTERN, 'There is no container type by that name.'),
});
