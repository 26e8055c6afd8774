import type { FastifyInstance } from 'fastify';
import { withoutSessionCookie, type RequestAuthenticator } from '../auth/requestAuth.js';
import type { LastUsedTracker } from '../containers/lastUsed.js';
import type { TemplateCatalog } from '../templates/template.js';
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
    auth: RequestAuthenticator;
    templates: TemplateCatalog;
    tracker: LastUsedTracker;
    publicUrl: URL;
  },
): void {
  app.get('/api/auth/forward', async (request, reply) => {
    const host = header(request.headers['x-forwarded-host']);
    const uri = header(request.headers['x-forwarded-uri']) ?? '';
    const route = matchUserPath(uri, (type) => deps.templates.get(type) !== undefined);
    const user = await deps.auth.optional(request);
    if (!user) {
      const method = header(request.headers['x-forwarded-method']) ?? 'GET';
      if (method === 'GET' && (request.headers.accept ?? '').includes('text/html')) {
        const login = new URL('/login', deps.publicUrl);
        login.searchParams.set('next', uri.startsWith('/') ? uri : '/');
        return reply.code(302).header('location', login.href).send();
      }
      return reply.code(401).send({ error: 'unauthenticated', message: 'Sign in first.' });
    }
    if (!route || host !== deps.publicUrl.host || user.slug !== route.slug) {
      return reply
        .code(403)
        .send({ error: 'forbidden', message: 'This container belongs to someone else.' });
    }
    deps.tracker.markUsed(user.id, route.type);
    const cookie = withoutSessionCookie(header(request.headers.cookie));
    if (cookie) void reply.header('cookie', cookie);
    return reply.code(200).send();
  });
}

function header(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
