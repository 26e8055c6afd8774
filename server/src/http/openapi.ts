import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import { jsonSchemaTransform, jsonSchemaTransformObject } from 'fastify-type-provider-zod';
import { API_REFERENCE_CSP } from './securityHeaders.js';

const OPENAPI_PATH = '/api/openapi.json';
const API_REFERENCE_PATH = '/api/docs';

/**
 * Collects every route's schemas into an OpenAPI document (the contract's named schemas become
 * shared components). Must be registered before the routes it describes.
 */
export async function registerOpenApi(app: FastifyInstance, version: string): Promise<void> {
  await app.register(fastifySwagger, {
    openapi: {
      info: {
        title: 'spawner API',
        version,
        description:
          'Every route takes the session cookie or `Authorization: Bearer <token>`. Every error body is `{"error": "<code>", "message": "<sentence>"}`.',
      },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer' },
          session: { type: 'apiKey', in: 'cookie', name: 'spawner_session' },
        },
      },
      security: [{ bearer: [] }, { session: [] }],
    },
    transform: jsonSchemaTransform,
    transformObject: jsonSchemaTransformObject,
  });
  app.get(OPENAPI_PATH, { schema: { hide: true } }, () => app.swagger());
}

/** The readable API reference, served by spawner itself (its assets come from the package, no CDN). */
export async function registerApiReference(app: FastifyInstance): Promise<void> {
  await app.register(fastifySwaggerUi, {
    routePrefix: API_REFERENCE_PATH,
    uiConfig: { deepLinking: true },
    // Its own policy on every answer of the reference, in place of the data one.
    staticCSP: API_REFERENCE_CSP,
  });
}
