import { errorBodySchema } from '@spawner/api';
import { z } from 'zod';
import { BadRequestError } from '../errors.js';
import type { HttpServer } from '../http/server.js';
import { refusalOf, signInLocation, type AccessPolicy } from '../proxy/access.js';
import { wantsHtml } from '../proxy/answers.js';
import { HANDSHAKE_START_PATH, type AppHosts } from '../proxy/appHost.js';
import { notYoursPage } from '../proxy/pages.js';
import { pageLanguageOf } from '../proxy/pageText.js';
import { parseAppName } from '../proxy/userPath.js';
import { sessionTokenOf } from './cookies.js';

const querySchema = z.object({
  app: z.string().max(64),
  next: z.string().max(8192).optional(),
});

/**
 * Subdomain mode, the dashboard's end of the handshake: `GET /api/auth/app-handshake?app=&next=`.
 * An app host sends a browser without its app cookie here; the dashboard's session (host-only,
 * so only here) tells who it is. The owner goes back to the app host with a one-time code,
 * someone signed out to sign-in (and back here afterwards), anyone else gets "not yours".
 */
export function registerAppHandshakeRoute(
  app: HttpServer,
  deps: { access: AccessPolicy; appHosts: AppHosts; isTemplate: (type: string) => boolean },
): void {
  app.get(
    HANDSHAKE_START_PATH,
    {
      schema: {
        tags: ['auth'],
        summary: "Subdomain mode: carry the dashboard's sign-in to an app's own host",
        querystring: querySchema,
        response: {
          302: z.void().describe('On to the app host with a one-time code, or to sign-in'),
          400: errorBodySchema,
          403: errorBodySchema,
        },
      },
      config: { invalidInput: (message) => new BadRequestError('bad_request', message) },
    },
    async (request, reply) => {
      const named = parseAppName(request.query.app, deps.isTemplate);
      if (!named) throw new BadRequestError('bad_request', 'There is no such app.');
      const route = { ...named, prefix: '/', upstreamUrl: '/', needsSlash: false };
      void reply.header('cache-control', 'no-store').header('referrer-policy', 'no-referrer');
      // The one access decision: an owner may start or use the app, so may have its cookie.
      const decision = await deps.access.decide(request.headers, route);
      const token = sessionTokenOf(request.headers);
      if ((decision.outcome === 'allow' || decision.outcome === 'start') && token) {
        const location = await deps.appHosts.handshakeFinishUrl(
          token,
          route,
          request.query.next ?? '/',
        );
        return reply.code(302).header('location', location).send();
      }
      if (decision.outcome === 'sign_in') {
        return reply.code(302).header('location', signInLocation(request.url)).send();
      }
      if (wantsHtml(request.raw)) {
        reply.hijack();
        notYoursPage(reply.raw, pageLanguageOf(request.headers));
        return reply;
      }
      throw refusalOf({ outcome: 'forbidden' }, undefined);
    },
  );
}
