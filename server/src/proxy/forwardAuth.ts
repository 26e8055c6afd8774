import type { FastifyInstance } from 'fastify';
import type { AuditLog } from '../audit/auditLog.js';
import { withoutSessionCookie } from '../auth/cookies.js';
import type { LastUsedTracker } from '../containers/lastUsed.js';
import { ForeignOriginError } from '../errors.js';
import type { TemplateCatalog } from '../templates/template.js';
import { refusalOf, signInLocation, type AccessPolicy, type RequestHost } from './access.js';
import type { AppHosts } from './appHost.js';
import { proxyRefusalEntry } from './refusalAudit.js';
import { appOriginOf, passesOriginCheck } from './requestOrigin.js';
import { matchUserPath, type UserRoute } from './userPath.js';

/**
 * `GET /api/auth/forward` for Traefik's forwardAuth middleware: 2xx when the caller owns the
 * container the forwarded host and URI name, 401 (browsers: a redirect to sign-in) when nobody
 * is signed in, 403 otherwise. The answer carries the caller's cookies minus spawner's, which
 * Traefik puts on the forwarded request when `authResponseHeaders` lists `Cookie`.
 *
 * Subdomain mode: the forwarded host names the app, the caller shows its app cookie, and a
 * browser without one is sent to the dashboard's handshake. `/_spawner/handshake` on an app host
 * is answered here (302 with the app cookie): Traefik hands any non-2xx answer to the client as
 * it is, so that path never reaches the app.
 */
export function registerForwardAuth(
  app: FastifyInstance,
  deps: {
    access: AccessPolicy;
    templates: TemplateCatalog;
    tracker: LastUsedTracker;
    publicUrl: URL;
    appHosts: AppHosts | undefined;
    /** Whether a peer is a proxy whose X-Forwarded-* headers are believed (TRUST_PROXY). */
    trustsPeer: (peerAddress: string) => boolean;
    audit: AuditLog;
  },
): void {
  const isTemplate = (type: string) => deps.templates.get(type) !== undefined;

  /** The app the forwarded request is for, and on which kind of host it came. */
  function target(
    host: string | undefined,
    uri: string,
  ): { route: UserRoute | undefined; on: RequestHost; reserved: boolean } {
    if (deps.appHosts) {
      const match = deps.appHosts.match(host, uri);
      if (match.kind === 'app' || match.kind === 'reserved') {
        return { route: match.route, on: 'app_host', reserved: match.kind === 'reserved' };
      }
      // The dashboard's host has no app paths in this mode.
      return { route: undefined, on: 'dashboard', reserved: false };
    }
    const route = host === deps.publicUrl.host ? matchUserPath(uri, isTemplate) : undefined;
    return { route, on: 'dashboard', reserved: false };
  }

  app.get(
    '/api/auth/forward',
    { schema: { summary: "Traefik's forward-auth check", tags: ['proxy'] } },
    async (request, reply) => {
      // Traefik sets these from the request it received (trustForwardHeader is off). In subdomain
      // mode the host names the app, so it is believed only from a trusted proxy.
      const trusted = !deps.appHosts || deps.trustsPeer(request.socket.remoteAddress ?? '');
      const host = trusted ? first(request.headers['x-forwarded-host']) : undefined;
      const uri = first(request.headers['x-forwarded-uri']) ?? '';
      const method = first(request.headers['x-forwarded-method']) ?? 'GET';
      const { route, on, reserved } = target(host, uri);
      if (reserved && route && deps.appHosts) {
        const outcome = method === 'GET' ? await deps.appHosts.finish(route) : undefined;
        if (!outcome) return reply.code(404).send();
        void reply.header('cache-control', 'no-store').header('referrer-policy', 'no-referrer');
        if (!outcome.ok) return reply.code(302).header('location', outcome.retry).send();
        return reply
          .code(302)
          .header('set-cookie', outcome.setCookie)
          .header('location', outcome.location)
          .send();
      }
      // Traefik passes the client's Origin, Sec-Fetch-Site and cookies on: the same origin check
      // as the built-in proxy's.
      const appOrigin =
        on === 'app_host' && route && deps.appHosts
          ? deps.appHosts.origin(route)
          : appOriginOf(deps.publicUrl);
      if (route && !passesOriginCheck(method, request.headers, appOrigin)) {
        throw new ForeignOriginError();
      }
      const decision = await deps.access.decide(request.headers, route, on);
      // Traefik routes only to running containers: whether it runs is not this check's business.
      if (decision.outcome === 'allow' || decision.outcome === 'start') {
        deps.tracker.markUsed(decision.user.id, route!.type);
        const cookie = withoutSessionCookie(first(request.headers.cookie));
        if (cookie) void reply.header('cookie', cookie);
        return reply.code(200).send();
      }
      const browser = method === 'GET' && (request.headers.accept ?? '').includes('text/html');
      if (decision.outcome === 'sign_in' && browser) {
        const location =
          on === 'app_host' && route && deps.appHosts
            ? deps.appHosts.handshakeStart(route, uri)
            : signInLocation(uri, deps.publicUrl);
        return reply.code(302).header('location', location).send();
      }
      const refused = proxyRefusalEntry(decision, route, request.ip);
      if (refused) deps.audit.record(refused);
      throw refusalOf(decision, undefined);
    },
  );
}

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
