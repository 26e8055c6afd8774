import { z } from 'zod';

/** Control characters are never part of an address; rejecting them keeps logs and mail headers clean. */
// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f]/;

export const emailSchema = z
  .string()
  .max(254, 'An email address has at most 254 characters.')
  .refine((s) => !CONTROL_CHARACTERS.test(s), 'An email address cannot contain control characters.')
  .transform((s) => s.trim().toLowerCase())
  .pipe(z.email('This is not a valid email address.'));

export const magicLinkRequestSchema = z.object({ email: emailSchema });

export const tokenBodySchema = z.object({
  token: z
    .string()
    .min(20)
    .max(200)
    .regex(/^[A-Za-z0-9_-]+$/),
});
