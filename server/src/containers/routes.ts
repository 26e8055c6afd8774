import {
  containerTypeParamsSchema,
  containersResponseSchema,
  errorBodySchema,
  launchResponseSchema,
} from '@spawner/api';
import type { RequestAuthenticator } from '../auth/requestAuth.js';
import { BadRequestError } from '../errors.js';
import type { HttpServer } from '../http/server.js';
import type { ContainerService } from './containerService.js';

const tags = ['containers'];

export function registerContainerRoutes(
  app: HttpServer,
  deps: { containers: ContainerService; auth: RequestAuthenticator },
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
      return { containers: await deps.containers.list(user) };
    },
  );

  app.post(
    '/api/container/launch/:type',
    {
      schema: {
        tags,
        summary: 'Create, start or recreate a container; answers once its app answers',
        params: containerTypeParamsSchema,
        response: {
          200: launchResponseSchema,
          400: errorBodySchema,
          401: errorBodySchema,
          502: errorBodySchema,
          503: errorBodySchema,
        },
      },
      config: { invalidInput: (message) => new BadRequestError('unknown_template', message) },
    },
    async (request) => {
      const user = await deps.auth.required(request);
      const result = await deps.containers.launch(user, request.params.type);
      return {
        message: 'Container ready',
        service_url: result.serviceUrl,
        container_id: result.containerId,
        status: 'running' as const,
      };
    },
  );
}
