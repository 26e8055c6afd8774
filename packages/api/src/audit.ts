import { z } from 'zod';

/** What an audit event records: one word per kind of act, closed so filters and the UI know them all. */
export const auditActionSchema = z.enum([
  'magic_link_requested',
  'sign_in',
  'sign_in_refused',
  'signup_refused',
  'sign_out',
  'launch',
  'stop',
  'restart',
  'reset',
  'delete',
  'data_download',
  'proxy_refused',
  'account_deleted',
  'admin_block',
  'admin_unblock',
  'admin_grant',
  'admin_revoke',
  'admin_invite',
  'admin_delete_user',
  'admin_stop',
  'admin_delete_container',
  'admin_quota',
]);
export type AuditAction = z.infer<typeof auditActionSchema>;

/** How the act ended: done, refused by a rule (not signed in, not the owner, a quota), or failed. */
export const auditOutcomeSchema = z.enum(['ok', 'refused', 'failed']);
export type AuditOutcome = z.infer<typeof auditOutcomeSchema>;

export const auditEventSchema = z
  .object({
    id: z.number().int(),
    at: z.iso.datetime().meta({ description: 'UTC, ISO-8601.' }),
    actor_id: z
      .number()
      .int()
      .nullable()
      .meta({ description: 'Who acted; null when nobody was signed in (or the platform acted).' }),
    actor_email: z.string().nullable(),
    action: auditActionSchema,
    target_user_id: z
      .number()
      .int()
      .nullable()
      .meta({ description: 'Whose account or container was acted on.' }),
    target_email: z.string().nullable(),
    target_type: z
      .string()
      .nullable()
      .meta({ description: 'The template key of the container acted on.' }),
    ip: z.string().nullable().meta({ description: "The client's address, as spawner saw it." }),
    outcome: auditOutcomeSchema,
    detail: z.string().nullable().meta({ description: 'Why it was refused or failed, or more.' }),
  })
  .meta({ id: 'AuditEvent' });
export type AuditEvent = z.infer<typeof auditEventSchema>;

const isoFilter = z.iso.datetime({ offset: true });

export const auditQuerySchema = z.object({
  actor: z
    .string()
    .trim()
    .min(1)
    .max(320)
    .optional()
    .meta({ description: 'The actor: a user id, or part of their email address.' }),
  action: auditActionSchema.optional(),
  type: z.string().max(16).optional().meta({ description: 'A template key.' }),
  outcome: auditOutcomeSchema.optional(),
  from: isoFilter.optional().meta({ description: 'Events at or after this time.' }),
  to: isoFilter.optional().meta({ description: 'Events before this time.' }),
  page: z.coerce.number().int().min(1).max(1_000_000).default(1),
  per_page: z.coerce.number().int().min(1).max(200).default(50),
});
export type AuditQuery = z.infer<typeof auditQuerySchema>;

export const auditResponseSchema = z
  .object({
    events: z.array(auditEventSchema).meta({ description: 'Newest first.' }),
    total: z.number().int().min(0),
    page: z.number().int().min(1),
    per_page: z.number().int().min(1),
  })
  .meta({ id: 'AuditEvents' });
export type AuditResponse = z.infer<typeof auditResponseSchema>;
