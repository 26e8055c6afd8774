import {
  containerStateResponseSchema,
  containerTypeParamsSchema,
  containersResponseSchema,
  deleteQuerySchema,
  errorBodySchema,
  launchResponseSchema,
} from '@spawner/api';
import type { RequestAuthenticator } from '../auth/requestAuth.js';
import { BadRequestError } from '../errors.js';
import type { HttpServer } from '../http/server.js';
import type { ContainerList } from './containerList.js';
import type { ContainerService, LaunchResult } from './containerService.js';

const tags = ['containers'];
const params = containerTypeParamsSchema;
/** A malformed type is answered like an unknown one. */
const config = {
  invalidInput: (message: string, part: string) =>
    part === 'params' ? new BadRequestError('unknown_template', message) : undefined,
};
const failures = {
  400: errorBodySchema,
  401: errorBodySchema,
  502: errorBodySchema,
  503: errorBodySchema,
};

export function registerContainerRoutes(
  app: HttpServer,
  deps: { containers: ContainerService; list: ContainerList; auth: RequestAuthenticator },
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
    {
      schema: {
        tags,
        summary: 'Create, start or recreate a container; answers once its app answers',
        params,
        response: { 200: launchResponseSchema, ...failures },
      },
      config,
    },
    async (request) => {
      const user = await deps.auth.required(request);
      return launched(await deps.containers.launch(user, request.params.type));
    },
  );

  app.post(
    '/api/container/:type/stop',
    {
      schema: {
        tags,
        summary: 'Stop a container (its data stays); stopping a stopped one is no error',
        params,
        response: { 200: containerStateResponseSchema, ...failures },
      },
      config,
    },
    async (request) => {
      const user = await deps.auth.required(request);
      return { status: await deps.containers.stop(user, request.params.type) };
    },
  );

  app.post(
    '/api/container/:type/restart',
    {
      schema: {
        tags,
        summary:
          'Stop and start a container, on its template’s newest image; answers once its app answers',
        params,
        response: { 200: launchResponseSchema, ...failures },
      },
      config,
    },
    async (request) => {
      const user = await deps.auth.required(request);
      return launched(await deps.containers.restart(user, request.params.type));
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
      config,
    },
    async (request) => {
      const user = await deps.auth.required(request);
      const status = await deps.containers.remove(user, request.params.type, {
        data: request.query.data,
      });
      return { status };
    },
  );
}

function launched(result: LaunchResult) {
  return {
    message: 'Container ready',
    service_url: result.serviceUrl,
    container_id: result.containerId,
    status: 'running' as const,
  };
}
