import { errorBodySchema, containerTypeParamsSchema, progressEventSchema } from '@spawner/api';
import type { RequestAuthenticator } from '../auth/requestAuth.js';
import { BadRequestError } from '../errors.js';
import { openEventStream } from '../http/eventStream.js';
import type { HttpServer } from '../http/server.js';
import type { TemplateCatalog } from '../templates/template.js';
import type { ContainerList } from './containerList.js';
import type { LaunchProgress } from './launchProgress.js';
import { unknownTypeOnBadParams } from './routes.js';

/**
 * `GET /api/container/{type}/progress`: the launch in flight as server-sent events, from its
 * latest phase to `ready` or `failed`; with none in flight, one `idle` event with the status.
 */
export function registerProgressRoute(
  app: HttpServer,
  deps: {
    progress: LaunchProgress;
    list: ContainerList;
    auth: RequestAuthenticator;
    templates: TemplateCatalog;
  },
): void {
  app.get(
    '/api/container/:type/progress',
    {
      schema: {
        tags: ['containers'],
        summary: 'Follow the launch in flight (server-sent events)',
        params: containerTypeParamsSchema,
        response: {
          200: {
            description: 'The events',
            content: { 'text/event-stream': { schema: progressEventSchema } },
          },
          400: errorBodySchema,
          401: errorBodySchema,
        },
      },
      config: unknownTypeOnBadParams,
    },
    async (request, reply) => {
      const user = await deps.auth.required(request);
      const { type } = request.params;
      if (!deps.templates.get(type)) {
        throw new BadRequestError('unknown_template', `There is no container type "${type}".`);
      }
      const stream = openEventStream(reply);
      const stop = deps.progress.subscribe(user.id, type, (event) => {
        stream.send(event);
        if (event.phase === 'ready' || event.phase === 'failed') stream.close();
      });
      stream.onClose(stop);
      const current = deps.progress.current(user.id, type);
      if (current) {
        stream.send(current);
      } else {
        const entry = (await deps.list.of(user)).find((c) => c.type === type);
        stream.send({ phase: 'idle', status: entry?.status ?? 'not_created' });
        stream.close();
      }
      return reply;
    },
  );
}
