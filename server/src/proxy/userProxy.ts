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
import { Forwarder, forwardedHeaders } from './forwarder.js';
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
  /** Plain HTTP goes through undici's keep-alive pools: no TCP handshake per proxied request. */
  private readonly forwarder = new Forwarder();
  /** WebSocket upgrades: a handshake each, then bytes piped both ways. */
  private readonly wsProxy = createProxyServer({ xfwd: true, ws: true });
  private readonly wsAgent = new Agent({ keepAlive: false });
  private readonly startups = new Map<string, Promise<unknown>>();

  constructor(private readonly deps: UserProxyDeps) {}

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
    this.wsProxy.close();
    this.wsAgent.destroy();
    void this.forwarder.close();
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
    this.forwarder.forward(req, res, {
      origin: `http://${target.endpoint.host}:${target.endpoint.port}`,
      path: route.upstreamUrl,
      headers: this.upstreamHeaders(req, route),
      onResponseHeaders: (headers) => keepUnderPrefix(headers, route.prefix),
      onError: (err) => {
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
    });
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
    this.wsProxy.ws(
      req,
      socket,
      head,
      { target: `ws://${target.endpoint.host}:${target.endpoint.port}`, agent: this.wsAgent },
      () => {
        socket.destroy();
      },
    );
  }

  /**
   * The headers a plain request reaches the container with: no spawner credentials, X-Forwarded-*
   * as http-proxy's `xfwd` sets them (appended to the client's only when those are trusted), and
   * the prefix it is served under.
   */
  private upstreamHeaders(req: IncomingMessage, route: UserRoute): string[] {
    const trusted = this.deps.trustForwardedHeaders;
    const h = req.headers;
    const host = h.host ?? '';
    const port = /:(\d+)/.exec(host)?.[1] ?? '80';
    const cookie = withoutSessionCookie(h.cookie);
    const extra = [
      'x-forwarded-for',
      appendForwarded(trusted, h['x-forwarded-for'], req.socket.remoteAddress ?? ''),
      'x-forwarded-port',
      appendForwarded(trusted, h['x-forwarded-port'], port),
      'x-forwarded-proto',
      appendForwarded(trusted, h['x-forwarded-proto'], 'http'),
      'x-forwarded-host',
      (trusted ? firstValue(h['x-forwarded-host']) : undefined) || host,
      'x-forwarded-prefix',
      route.prefix,
    ];
    if (cookie) extra.push('cookie', cookie);
    return forwardedHeaders(req, trusted ? isReplacedHeader : isReplacedOrForwarded, extra);
  }

  /** Rewrites what the container will see on an upgrade: its own path, no spawner credentials, the prefix it is served under. */
  private prepare(req: IncomingMessage, route: UserRoute): void {
    req.url = route.upstreamUrl;
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

const REPLACED = new Set([
  'authorization',
  'cookie',
  'x-forwarded-for',
  'x-forwarded-port',
  'x-forwarded-proto',
  'x-forwarded-host',
  'x-forwarded-prefix',
]);

/** Headers the proxy sets itself (or removes: the client's `authorization` is spawner's). */
function isReplacedHeader(name: string): boolean {
  return REPLACED.has(name);
}

/** The same, and every X-Forwarded-* a client sent when those are not trusted. */
function isReplacedOrForwarded(name: string): boolean {
  return REPLACED.has(name) || name.startsWith('x-forwarded-');
}

function firstValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function appendForwarded(
  trusted: boolean,
  existing: string | string[] | undefined,
  value: string,
): string {
  const before = trusted ? firstValue(existing) : undefined;
  return before ? `${before},${value}` : value;
}

/** An app that redirects to `/login` means its own `/login`: keep the browser under the prefix. */
function keepUnderPrefix(headers: IncomingHttpHeaders, prefix: string): void {
  const location = headers.location;
  if (
    location?.startsWith('/') &&
    !location.startsWith('//') &&
    !location.startsWith(`${prefix}/`)
  ) {
    headers.location = prefix + location;
  }
}

/** The container never sees spawner's session: not as a bearer token, not as a cookie. */
function stripCredentials(headers: IncomingHttpHeaders): void {
  delete headers.authorization;
  const cookie = withoutSessionCookie(headers.cookie);
  if (cookie) headers.cookie = cookie;
  else delete headers.cookie;
}
