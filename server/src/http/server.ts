import type { IncomingMessage, ServerResponse } from 'node:http';
import fastifyCookie from '@fastify/cookie';
import Fastify, {
  type FastifyBaseLogger,
  type FastifyInstance,
  type FastifyServerFactory,
  type RawServerDefault,
} from 'fastify';
import {
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import { ForbiddenError, NotFoundError } from '../errors.js';
import { replyWithError } from './errors.js';
import { registerOpenApi } from './openapi.js';
import { isAllowedOrigin } from './origin.js';
import { registerSecurityHeaders } from './securityHeaders.js';
import { createPeerTrust, type TrustedProxies } from './trustProxy.js';

/** Fastify whose routes are validated, serialised and typed by the contract's zod schemas. */
export type HttpServer = FastifyInstance<
  RawServerDefault,
  IncomingMessage,
  ServerResponse,
  FastifyBaseLogger,
  ZodTypeProvider
>;

const BODY_LIMIT_BYTES = 64 * 1024;

export interface HttpServerOptions {
  log: FastifyBaseLogger;
  publicUrl: URL;
  /** Peers whose X-Forwarded-* are believed; decided per connection from its address. */
  trustProxy: TrustedProxies;
  /** Lets the proxy see requests before Fastify routes them. */
  serverFactory?: FastifyServerFactory;
  /** The version the API document states. */
  version: string;
}

/**
 * Fastify with our error shape, body limits, cross-site check and the contract's validation;
 * routes are added by the caller, after this resolves (so the API document sees them).
 */
export async function createHttpServer(options: HttpServerOptions): Promise<HttpServer> {
  const app = Fastify({
    loggerInstance: options.log,
    bodyLimit: BODY_LIMIT_BYTES,
    // A function, never `true`: each hop is believed only when the address it came from is one
    // of the listed proxies, so a client cannot pick its own address for the rate limits.
    trustProxy: options.trustProxy.length > 0 && createPeerTrust(options.trustProxy),
    ...(options.serverFactory ? { serverFactory: options.serverFactory } : {}),
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  await app.register(fastifyCookie);
  await registerSecurityHeaders(app, { https: options.publicUrl.protocol === 'https:' });
  await registerOpenApi(app, options.version);

  // Clients often send `Content-Type: application/json` with no body on POSTs that need none
  // (logout, launch): treat an empty body as no body, and parse the rest as Fastify does.
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    if (body === '') done(null, undefined);
    else void parseJson(request, body.toString(), done);
  });

  // Every unsafe request that reaches a route is checked, whatever its raw URL looks like: the
  // router decodes the path (`/%61pi/...` is `/api/...`), so a check on the raw URL can be dodged.
  app.addHook('onRequest', (request, _reply, done) => {
    if (!isAllowedOrigin(request, options.publicUrl.origin)) {
      done(new ForbiddenError('Cross-site requests are not allowed.'));
    } else {
      done();
    }
  });
  app.setErrorHandler((err, request, reply) => replyWithError(err, request, reply));
  app.setNotFoundHandler((request, reply) =>
    replyWithError(
      new NotFoundError(
        `Nothing at ${request.method} ${request.url.split('?')[0]!.slice(0, 200)}.`,
      ),
      request,
      reply,
    ),
  );
  return app;
}
