import { z } from 'zod';
import { errorCodeSchema } from './errors.js';

/** A template's key: no hyphen, so `{slug}-{key}` splits at its last hyphen without doubt. */
export const TEMPLATE_KEY_PATTERN = /^[a-z][a-z0-9]{0,15}$/;

const isoTime = z.iso.datetime().meta({ description: 'UTC, ISO-8601.' });

export const containerStatusSchema = z.enum(['running', 'stopped', 'not_created', 'error']);
export type ContainerStatus = z.infer<typeof containerStatusSchema>;

export const containerEntrySchema = z
  .object({
    type: z.string().meta({ description: 'The template key.' }),
    display_name: z.string(),
    description: z.string(),
    status: containerStatusSchema,
    service_url: z
      .string()
      .meta({ description: 'Where the app answers: `{PUBLIC_URL}/{slug}-{type}`.' }),
    container_id: z.string().nullable(),
    created_at: isoTime.nullable(),
    last_used: isoTime.nullable(),
    error: z.string().nullable().meta({ description: 'Why, when `status` is `error`.' }),
    error_code: errorCodeSchema.nullable().meta({
      description:
        "The machine code of `error` (e.g. `image_missing`, `app_exited`), for showing the cause in the reader's language; null when unknown.",
    }),
    update_available: z.boolean().meta({
      description:
        "The template's image has changed since the container was made; a restart (or, when stopped, the next launch) recreates it on the new image, data kept.",
    }),
    stops_at: isoTime.nullable().meta({
      description:
        'When a running container will be stopped for idleness, if nobody uses it until then.',
    }),
    data_size_bytes: z.number().int().min(0).nullable().meta({
      description:
        'Bytes in the data volume, as the engine last reported them (refreshed every few minutes); null when unknown or the template keeps no data.',
    }),
  })
  .meta({ id: 'Container' });
export type ContainerEntry = z.infer<typeof containerEntrySchema>;

export const containersResponseSchema = z
  .object({
    containers: z
      .array(containerEntrySchema)
      .meta({ description: 'One per template, in template order.' }),
  })
  .meta({ id: 'Containers' });
export type ContainersResponse = z.infer<typeof containersResponseSchema>;

/** `{type}` in a container route; an unknown but well-formed key is answered by the service. */
export const containerTypeParamsSchema = z.object({
  type: z.string().regex(TEMPLATE_KEY_PATTERN, 'There is no container type by that name.'),
});

export const launchResponseSchema = z
  .object({
    message: z.string(),
    service_url: z.string(),
    container_id: z.string(),
    status: z.literal('running'),
  })
  .meta({ id: 'Launched' });
export type LaunchResponse = z.infer<typeof launchResponseSchema>;

/** The state a lifecycle action left the container in. */
export const containerStateResponseSchema = z
  .object({ status: containerStatusSchema })
  .meta({ id: 'ContainerState' });
export type ContainerStateResponse = z.infer<typeof containerStateResponseSchema>;

const booleanFlag = z
  .enum(['true', 'false'])
  .default('false')
  .transform((value) => value === 'true');

export const deleteQuerySchema = z.object({
  data: booleanFlag.meta({ description: '`true` also removes the data volume.' }),
});

export const logsQuerySchema = z.object({
  tail: z.coerce
    .number()
    .int()
    .min(1)
    .max(10_000)
    .default(500)
    .meta({ description: 'How many of the last lines.' }),
  follow: booleanFlag.meta({
    description: '`true` answers a server-sent event stream of new lines after the last ones.',
  }),
});

/** One event of `GET /api/container/{type}/logs?follow=true`: a line the app wrote. */
export const logLineEventSchema = z
  .object({ line: z.string() })
  .meta({ id: 'LogLine', description: 'Server-sent event `data`, one per line.' });
export type LogLineEvent = z.infer<typeof logLineEventSchema>;

/**
 * One event of `GET /api/container/{type}/progress`: the phases of a launch in flight, ending
 * with `ready` or `failed`; with no launch in flight, one `idle` event with the status.
 */
export const progressEventSchema = z
  .discriminatedUnion('phase', [
    z.object({
      phase: z.literal('queued'),
      position: z.number().int().min(1).meta({ description: '1: next to start.' }),
    }),
    z.object({ phase: z.literal('creating') }),
    z.object({ phase: z.literal('starting') }),
    z.object({
      phase: z.literal('waiting'),
      seconds: z.number().int().min(0).meta({ description: "Waited so far for the app's port." }),
    }),
    z.object({ phase: z.literal('ready'), service_url: z.string() }),
    z.object({
      phase: z.literal('failed'),
      error: errorCodeSchema,
      message: z.string(),
      exit_code: z
        .number()
        .int()
        .optional()
        .meta({ description: "The app's exit code (with `app_exited`), when known." }),
      logs: z.string().meta({ description: 'The last lines the app wrote, as they are.' }),
    }),
    z.object({ phase: z.literal('idle'), status: containerStatusSchema }),
  ])
  .meta({ id: 'LaunchProgress', description: 'Server-sent event `data`.' });
export type ProgressEvent = z.infer<typeof progressEventSchema>;
