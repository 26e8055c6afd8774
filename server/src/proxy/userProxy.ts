import { randomBytes } from 'node:crypto';
import {
  Agent,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type ServerResponse,
} from 'node:http';
import type { Duplex } from 'node:stream';
import { createProxyServer } from 'http-proxy-3';
import type { Logger } from 'pino';
import {
  withoutSessionCookie,
  type AuthenticatedUser,
  type RequestAuthenticator,
} from '../auth/requestAuth.js';
import type { ContainerService } from '../containers/containerService.js';
import type { LastUsedTracker } from '../containers/lastUsed.js';
import type { TemplateCatalog } from '../templates/template.js';
import type { RouteTable } from './routeTable.js';
import { matchUserPath, type UserRoute } from './userPath.js';
import { jsonError, messagePage, startingPage } from './pages.js';

export interface UserProxyDeps {
  auth: RequestAuthenticator;
  routes: RouteTable;
  containers: ContainerService;
  tracker: LastUsedTracker;
  templates: TemplateCatalog;
  /** Whether X-Forwarded-* headers from the client may be passed on (spawner behind a proxy). */
  trustForwardedHeaders: boolean;
  log: Logger;
}

const RETRY_AFTER_SECONDS = '5';

/**
 * The built-in reverse proxy: `/{slug}-{type}/...` reaches that user's container with the prefix
 * removed, for the owner only. Requests for a stopped or missing container start it.
 */
export class UserProxy {
  private readonly proxy = createProxyServer({ xfwd: true, ws: true });
  /** Keep-alive connections to containers: no TCP handshake per proxied request. */
  private readonly agent = new Agent({ keepAlive: true, maxSockets: 512, maxFreeSockets: 64 });
  private readonly prefixes = new WeakMap<IncomingMessage, string>();
  private readonly startups = new Map<string, Promise<unknown>>();

  constructor(private readonly deps: UserProxyDeps) {
    this.proxy.on('proxyRes', (proxyRes, req) => {
      const prefix = this.prefixes.get(req);
      const location = proxyRes.headers.location;
      // An app that redirects to `/login` means its own `/login`: keep the browser under the prefix.
      if (
        prefix &&
        location?.startsWith('/') &&
        !location.startsWith('//') &&
        !location.startsWith(`${prefix}/`)
      ) {
        proxyRes.headers.location = prefix + location;
      }
    });
  }

  private isTemplate = (type: string): boolean => this.deps.templates.get(type) !== undefined;

  /** Takes the request when it is for a user container; returns false to leave it to the app. */
  handleRequest(req: IncomingMessage, res: ServerResponse): boolean {
    const route = matchUserPath(req.url ?? '', this.isTemplate);
    if (!route) return false;
    this.serve(req, res, route).catch((err: unknown) => {
      this.deps.log.error({ err }, 'proxy failed');
      if (!res.headersSent) jsonError(res, 500, 'internal', 'Something went wrong on our side.');
      else res.destroy();
    });
    return true;
  }

  /** Takes a WebSocket upgrade for a user container; returns false to leave it to the app. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): boolean {
    const route = matchUserPath(req.url ?? '', this.isTemplate);
    if (!route) return false;
    this.upgrade(req, socket, head, route).catch((err: unknown) => {
      this.deps.log.error({ err }, 'proxy upgrade failed');
      socket.destroy();
    });
    return true;
  }

  close(): void {
    this.proxy.close();
    this.agent.destroy();
  }

  private async serve(req: IncomingMessage, res: ServerResponse, route: UserRoute): Promise<void> {
    if (route.needsSlash) {
      const method = req.method ?? 'GET';
      res.writeHead(method === 'GET' || method === 'HEAD' ? 302 : 307, {
        location: `${route.prefix}/${route.upstreamUrl.slice(1)}`,
      });
      res.end();
      return;
    }
    const user = await this.deps.auth.optional(req);
    if (!user) {
      if (wantsHtml(req)) {
        res.writeHead(302, {
          location: `/login?next=${encodeURIComponent(req.url ?? '/')}`,
          'cache-control': 'no-store',
        });
        res.end();
      } else {
        jsonError(res, 401, 'unauthenticated', 'Sign in first.');
      }
      return;
    }
    if (!ownsRoute(user, route)) {
      if (wantsHtml(req))
        messagePage(res, 403, 'Not yours', 'This container belongs to someone else.');
      else jsonError(res, 403, 'forbidden', 'This container belongs to someone else.');
      return;
    }
    const target = this.deps.routes.get(route.slug, route.type);
    if (!target?.endpoint || target.userId !== user.id) {
      this.startOnRequest(req, res, user, route);
      return;
    }
    const release = this.deps.tracker.openConnection(user.id, route.type);
    res.once('close', release);
    this.prepare(req, route);
    this.proxy.web(
      req,
      res,
      { target: `http://${target.endpoint.host}:${target.endpoint.port}`, agent: this.agent },
      (err) => {
        this.deps.log.warn({ err, route: route.prefix }, 'container did not answer');
        if (res.headersSent) {
          res.destroy();
        } else if (wantsHtml(req)) {
          this.startOnRequest(req, res, user, route);
        } else {
          jsonError(
            res,
            502,
            'bad_gateway',
            'The container did not answer. It may be starting or have stopped.',
          );
        }
      },
    );
  }

  private async upgrade(
    req: IncomingMessage,
    socket: Duplex,
    head: Buffer,
    route: UserRoute,
  ): Promise<void> {
    const user = await this.deps.auth.optional(req);
    if (!user || !ownsRoute(user, route)) {
      socket.end(
        user
          ? 'HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n'
          : 'HTTP/1.1 401 Unauthorized\r\nConnection: close\r\n\r\n',
      );
      return;
    }
    const target = this.deps.routes.get(route.slug, route.type);
    if (!target?.endpoint || target.userId !== user.id) {
      this.launchInBackground(user, route.type);
      socket.end(
        `HTTP/1.1 503 Service Unavailable\r\nRetry-After: ${RETRY_AFTER_SECONDS}\r\nConnection: close\r\n\r\n`,
      );
      return;
    }
    const release = this.deps.tracker.openConnection(user.id, route.type);
    socket.once('close', release);
    this.prepare(req, route);
    this.proxy.ws(
      req,
      socket,
      head,
      { target: `ws://${target.endpoint.host}:${target.endpoint.port}`, agent: this.agent },
      () => {
        socket.destroy();
      },
    );
  }

  /** Rewrites what the container will see: its own path, no spawner credentials, the prefix it is served under. */
  private prepare(req: IncomingMessage, route: UserRoute): void {
    req.url = route.upstreamUrl;
    this.prefixes.set(req, route.prefix);
    stripCredentials(req.headers);
    if (!this.deps.trustForwardedHeaders) {
      for (const name of Object.keys(req.headers))
        if (name.startsWith('x-forwarded-')) delete req.headers[name];
    }
    req.headers['x-forwarded-prefix'] = route.prefix;
  }

  private startOnRequest(
    req: IncomingMessage,
    res: ServerResponse,
    user: AuthenticatedUser,
    route: UserRoute,
  ): void {
    const template = this.deps.templates.get(route.type)!;
    if (wantsHtml(req)) {
      // The page itself asks for the launch and reloads when the app answers.
      startingPage(res, {
        displayName: template.display_name,
        type: route.type,
        nonce: randomBytes(16).toString('base64'),
      });
      return;
    }
    this.launchInBackground(user, route.type);
    jsonError(
      res,
      503,
      'starting',
      `The ${template.display_name} is starting. Try again in a few seconds.`,
      {
        'retry-after': RETRY_AFTER_SECONDS,
      },
    );
  }

  private launchInBackground(user: AuthenticatedUser, type: string): void {
    const key = `${user.id}:${type}`;
    if (this.startups.has(key)) return;
    const startup = this.deps.containers
      .launch(user, type)
      .catch((err: unknown) =>
        this.deps.log.warn({ err, user: user.id, type }, 'start on request failed'),
      )
      .finally(() => this.startups.delete(key));
    this.startups.set(key, startup);
  }
}

function ownsRoute(user: AuthenticatedUser, route: UserRoute): boolean {
  return user.slug === route.slug;
}

function wantsHtml(req: IncomingMessage): boolean {
  return (
    (req.method === 'GET' || req.method === 'HEAD') &&
    (req.headers.accept ?? '').includes('text/html')
  );
}

/** The container never sees spawner's session: not as a bearer token, not as a cookie. */
function stripCredentials(headers: IncomingHttpHeaders): void {
  delete headers.authorization;
  const cookie = withoutSessionCookie(headers.cookie);
  if (cookie) headers.cookie = cookie;
  else delete headers.cookie;
}
