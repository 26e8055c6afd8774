import { z } from 'zod';

/**
 * Every machine code an error body can carry. Clients switch on these, so a code is added here
 * before any server code may send it, and never renamed.
 */
export const errorCodes = [
  // The request itself
  'bad_request',
  'bad_json',
  'payload_too_large',
  'unsupported_media_type',
  'not_found',
  'invalid_email',
  'unknown_template',
  // Who is asking
  'unauthenticated',
  'invalid_token',
  'forbidden',
  'rate_limited',
  /** An administrator may not remove the last administrator (revoke, block or delete). */
  'last_admin',
  'quota_exceeded',
  // The container and its engine
  'runtime_error',
  'engine_unavailable',
  'not_ready',
  'starting',
  'bad_gateway',
  // Why a launch failed (also `engine_unavailable`, `not_ready`: the app did not answer in time,
  // and `runtime_error`: anything else the engine refused)
  'image_missing',
  'app_exited',
  // Anything else
  'internal',
] as const;

export const errorCodeSchema = z.enum(errorCodes);
export type ErrorCode = z.infer<typeof errorCodeSchema>;

/** The body of every answer that is not 2xx. */
export const errorBodySchema = z
  .object({
    error: errorCodeSchema,
    message: z.string().meta({ description: 'A sentence for people, in English.' }),
    exit_code: z
      .number()
      .int()
      .optional()
      .meta({
        description: "The app's exit code (with `app_exited`), when the engine reports it.",
      }),
    retry_after: z
      .number()
      .int()
      .optional()
      .meta({ description: 'Seconds to wait before trying again (with `rate_limited`).' }),
    quota: z
      .object({
        scope: z.enum(['user', 'platform']).meta({
          description: "`user`: the person's own limit; `platform`: the whole platform's.",
        }),
        limit: z.number().int().min(0).meta({ description: 'Containers allowed to run at once.' }),
      })
      .optional()
      .meta({ description: 'Which limit was reached (with `quota_exceeded`).' }),
  })
  .meta({ id: 'Error' });
export type ErrorBody = z.infer<typeof errorBodySchema>;
