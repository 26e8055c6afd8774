import type { IncomingHttpHeaders } from 'node:http';
import {
  containerStateResponseSchema,
  containerTypeParamsSchema,
  containersResponseSchema,
  deleteQuerySchema,
  errorBodySchema,
  launchResponseSchema,
  logLineEventSchema,
  logsQuerySchema,
} from '@spawner/api';
import { z } from 'zod';
import type { AuditAction, AuditLog } from '../audit/auditLog.js';
import { openEventStream, type EventStream } from '../http/eventStream.js';
import type { AuthenticatedUser, RequestAuthenticator } from '../auth/requestAuth.js';
import { BadRequestError } from '../errors.js';
import type { HttpServer } from '../http/server.js';
import type { ContainerList } from './containerList.js';
import type { ContainerService, LaunchResult } from './containerService.js';

const tags = ['containers'];
const params = containerTypeParamsSchema;
/** A malformed type is answered like an unknown one. */
export const unknownTypeOnBadParams = {
  invalidInput: (message: string, part: string) =>
    part === 'params' ? new BadRequestError('unknown_template', message) : undefined,
};
const failures = {
  400: errorBodySchema,
  401: errorBodySchema,
  429: errorBodySchema,
  502: errorBodySchema,
  503: errorBodySchema,
};

export function registerContainerRoutes(
  app: HttpServer,
  deps: {
    containers: ContainerService;
    list: ContainerList;
    auth: RequestAuthenticator;
    audit: AuditLog;
  },
): void {
  app.get(
    '/api/user/containers',
    {
      schema: {
        tags,
        summary: "The caller's containers, one per template",
        response: { 200: containersResponseSchema, 401: errorBodySchema },
      },
    },
    async (request) => {
      const user = await deps.auth.required(request);
      return { containers: await deps.list.of(user) };
    },
  );

  app.post(
    '/api/container/launch/:type',
    actionOptions(
      'Create, start or recreate a container; answers once its app answers',
      launchResponseSchema,
    ),
    async (request) => {
      const result = await actOnOwn(deps, request, 'launch', (user, type) =>
        deps.containers.launch(user, type),
      );
      return launched(result);
    },
  );

  app.post(
    '/api/container/:type/stop',
    actionOptions(
      'Stop a container (its data stays); stopping a stopped one is no error',
      containerStateResponseSchema,
    ),
    async (request) => {
      const status = await actOnOwn(deps, request, 'stop', (user, type) =>
        deps.containers.stop(user, type),
      );
      return { status };
    },
  );

  app.post(
    '/api/container/:type/restart',
    actionOptions(
      'Stop and start a container, on its template’s newest image; answers once its app answers',
      launchResponseSchema,
    ),
    async (request) => {
      const result = await actOnOwn(deps, request, 'restart', (user, type) =>
        deps.containers.restart(user, type),
      );
      return launched(result);
    },
  );

  app.delete(
    '/api/container/:type',
    {
      schema: {
        tags,
        summary: 'Remove a container ("reset": data kept), or with ?data=true its data too',
        params,
        querystring: deleteQuerySchema,
        response: { 200: containerStateResponseSchema, ...failures },
      },
      config: unknownTypeOnBadParams,
    },
    async (request) => {
      const { data } = request.query;
      // A reset keeps the data; a delete takes it too.
      const status = await actOnOwn(deps, request, data ? 'delete' : 'reset', (user, type) =>
        deps.containers.remove(user, type, { data }),
      );
      return { status };
    },
  );
}

/** Logs and data: reading them is not use, so they never keep a container from idling. */
export function registerContainerDataRoutes(
  app: HttpServer,
  deps: { containers: ContainerService; auth: RequestAuthenticator; audit: AuditLog },
): void {
  app.get(
    '/api/container/:type/logs',
    {
      schema: {
        tags,
        summary:
          'The last lines the app wrote (text/plain); with follow=true a server-sent event stream of them and then of each new line',
        params,
        querystring: logsQuerySchema,
        response: {
          200: {
            description: 'The lines, or with follow=true the events',
            content: {
              'text/plain': { schema: z.string() },
              'text/event-stream': { schema: logLineEventSchema },
            },
          },
          ...failures,
          404: errorBodySchema,
        },
      },
      config: unknownTypeOnBadParams,
    },
    async (request, reply) => {
      const user = await deps.auth.required(request);
      const { type } = request.params;
      const { tail, follow } = request.query;
      if (!follow) {
        const last = await deps.containers.logs(user, type, tail);
        return reply.type('text/plain; charset=utf-8').send(last);
      }
      // Follow first, then read the last lines: a line written in between is not lost.
      const opened: { stream?: EventStream; early: string[]; ended: boolean } = {
        early: [],
        ended: false,
      };
      const stop = await deps.containers.followLogs(
        user,
        type,
        (line) => (opened.stream ? opened.stream.send({ line }) : opened.early.push(line)),
        () => (opened.stream ? opened.stream.close() : (opened.ended = true)),
      );
      const last = await deps.containers.logs(user, type, tail).catch((err: unknown) => {
        stop();
        throw err;
      });
      const stream = openEventStream(reply);
      stream.onClose(stop);
      for (const line of [...last.split('\n').filter(Boolean), ...opened.early])
        stream.send({ line });
      opened.stream = stream;
      if (opened.ended) stream.close();
      return reply;
    },
  );

  app.get(
    '/api/container/:type/data.tar',
    {
      schema: {
        tags,
        summary: "The container's data folder as a tar archive",
        params,
        response: {
          200: {
            description: 'A tar archive',
            // Bytes, streamed: JSON Schema has no word for them beyond "anything".
            content: { 'application/x-tar': { schema: z.any() } },
          },
          ...failures,
          404: errorBodySchema,
        },
      },
      config: unknownTypeOnBadParams,
    },
    async (request, reply) => {
      const { type } = request.params;
      const { slug, archive } = await actOnOwn(deps, request, 'data_download', async (user) => ({
        slug: user.slug,
        archive: await deps.containers.dataArchive(user, type),
      }));
      return reply
        .type('application/x-tar')
        .header('content-disposition', `attachment; filename="${slug}-${type}-data.tar"`)
        .header('cache-control', 'no-store')
        .send(archive);
    },
  );
}

/**
 * The caller acting on one of their own containers: authenticated, then recorded in the audit
 * log with how it ended.
 */
async function actOnOwn<T>(
  deps: { auth: RequestAuthenticator; audit: AuditLog },
  request: { headers: IncomingHttpHeaders; ip: string; params: { type: string } },
  action: AuditAction,
  act: (user: AuthenticatedUser, type: string) => Promise<T>,
): Promise<T> {
  const user = await deps.auth.required(request);
  const { type } = request.params;
  const target = { userId: user.id, email: user.email, type };
  return deps.audit.around({ actor: user, action, target, ip: request.ip }, () => act(user, type));
}

/** The options of a route acting on one of the caller's containers. */
function actionOptions<Answer>(summary: string, answer: Answer) {
  return {
    schema: { tags, summary, params, response: { 200: answer, ...failures } },
    config: unknownTypeOnBadParams,
  };
}

function launched(result: LaunchResult) {
  return {
    message: 'Container ready',
    service_url: result.serviceUrl,
    container_id: result.containerId,
    status: 'running' as const,
  };
}
