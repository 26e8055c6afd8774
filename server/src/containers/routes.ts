import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { RequestAuthenticator } from '../auth/requestAuth.js';
import { BadRequestError } from '../errors.js';
import { TEMPLATE_KEY_PATTERN } from '../templates/template.js';
import type { ContainerService } from './containerService.js';

const launchParams = z.object({ type: z.string() });

export function registerContainerRoutes(
  app: FastifyInstance,
  deps: { containers: ContainerService; auth: RequestAuthenticator },
): void {
  app.get('/api/user/containers', async (request) => {
    const user = await deps.auth.required(request);
    return { containers: await deps.containers.list(user) };
  });

  app.post('/api/container/launch/:type', async (request) => {
    const user = await deps.auth.required(request);
    const { type } = launchParams.parse(request.params);
    if (!TEMPLATE_KEY_PATTERN.test(type)) {
      throw new BadRequestError('unknown_template', 'There is no container type by that name.');
    }
    const result = await deps.containers.launch(user, type);
    return {
      message: 'Container ready',
      service_url: result.serviceUrl,
      container_id: result.containerId,
      status: 'running',
    };
  });
}
