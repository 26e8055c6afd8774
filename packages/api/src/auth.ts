import { z } from 'zod';

/** Control characters are never part of an address; refusing them keeps logs and mail headers clean. */
// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f]/;

/** An email address as a person types it: trimmed and lower-cased, since email is the identity. */
export const emailSchema = z
  .string()
  .max(254, 'An email address has at most 254 characters.')
  .refine((s) => !CONTROL_CHARACTERS.test(s), 'An email address cannot contain control characters.')
  .transform((s) => s.trim().toLowerCase())
  .pipe(z.email('This is not a valid email address.'));

/** The shape of every secret spawner hands out (sign-in links, sessions): 256 bits, base64url. */
export const SECRET_PATTERN = /^[A-Za-z0-9_-]{20,200}$/;
const secretSchema = z.string().regex(SECRET_PATTERN);

export const magicLinkRequestSchema = z
  .object({ email: emailSchema })
  .meta({ id: 'MagicLinkRequest' });
export type MagicLinkRequest = z.input<typeof magicLinkRequestSchema>;

export const messageResponseSchema = z.object({ message: z.string() }).meta({ id: 'Message' });
export type MessageResponse = z.infer<typeof messageResponseSchema>;

export const tokenRequestSchema = z.object({ token: secretSchema }).meta({ id: 'TokenRequest' });
export type TokenRequest = z.infer<typeof tokenRequestSchema>;

export const previewResponseSchema = z
  .object({ email: z.string().meta({ description: 'The address the link signs in.' }) })
  .meta({ id: 'TokenPreview' });
export type PreviewResponse = z.infer<typeof previewResponseSchema>;

const userFields = {
  id: z.number().int(),
  email: z.string(),
  slug: z.string().meta({ description: 'Names the user in container names and paths.' }),
};

export const verifyResponseSchema = z
  .object({
    token: z
      .string()
      .meta({ description: 'A bearer token for API clients; browsers use the cookie.' }),
    user: z.object(userFields),
  })
  .meta({ id: 'SignedIn' });
export type VerifyResponse = z.infer<typeof verifyResponseSchema>;

export const userSchema = z.object({ ...userFields, is_admin: z.boolean() }).meta({ id: 'User' });
export type User = z.infer<typeof userSchema>;

/** The user itself, and the same object under `user` as in the verify answer. */
export const meResponseSchema = userSchema.extend({ user: userSchema }).meta({ id: 'Me' });
export type MeResponse = z.infer<typeof meResponseSchema>;
