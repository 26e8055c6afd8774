import type { FastifyInstance } from 'fastify';
import { withoutSessionCookie } from '../auth/cookies.js';
import type { LastUsedTracker } from '../containers/lastUsed.js';
import type { TemplateCatalog } from '../templates/template.js';
import { refusalOf, signInLocation, type AccessPolicy } from './access.js';
import { matchUserPath } from './userPath.js';

/**
 * `GET /api/auth/forward` for Traefik's forwardAuth middleware: 2xx when the caller owns the
 * container the forwarded URI names, 401 (browsers: a redirect to sign-in) when nobody is
 * signed in, 403 otherwise. The answer carries the caller's cookies minus spawner's session,
 * which Traefik puts on the forwarded request when `authResponseHeaders` lists `Cookie`.
 */
export function registerForwardAuth(
  app: FastifyInstance,
  deps: {
    access: AccessPolicy;
    templates: TemplateCatalog;
    tracker: LastUsedTracker;
    publicUrl: URL;
  },
): void {
  app.get(
    '/api/auth/forward',
    { schema: { summary: "Traefik's forward-auth check", tags: ['proxy'] } },
    async (request, reply) => {
      const host = first(request.headers['x-forwarded-host']);
      const uri = first(request.headers['x-forwarded-uri']) ?? '';
      const route =
        host === deps.publicUrl.host
          ? matchUserPath(uri, (type) => deps.templates.get(type) !== undefined)
          : undefined;
      const decision = await deps.access.decide(request.headers, route);
      // Traefik routes only to running containers: whether it runs is not this check's business.
      if (decision.outcome === 'allow' || decision.outcome === 'start') {
        deps.tracker.markUsed(decision.user.id, route!.type);
        const cookie = withoutSessionCookie(first(request.headers.cookie));
        if (cookie) void reply.header('cookie', cookie);
        return reply.code(200).send();
      }
      const method = first(request.headers['x-forwarded-method']) ?? 'GET';
      const browser = method === 'GET' && (request.headers.accept ?? '').includes('text/html');
      if (decision.outcome === 'sign_in' && browser) {
        return reply.code(302).header('location', signInLocation(uri, deps.publicUrl)).send();
      }
      throw refusalOf(decision, undefined);
    },
  );
}

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
