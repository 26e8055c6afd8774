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
import { stripCredentials, withoutSessionCookie } from '../auth/cookies.js';
import type { AuthenticatedUser } from '../auth/requestAuth.js';
import type { ContainerService } from '../containers/containerService.js';
import type { LastUsedTracker } from '../containers/lastUsed.js';
import { containerKey } from '../containers/identity.js';
import { BadGatewayError } from '../errors.js';
import type { TemplateCatalog } from '../templates/template.js';
import { refusalOf, signInLocation, type AccessDecision, type AccessPolicy } from './access.js';
import { sendError, sendSocketError, wantsHtml } from './answers.js';
import { Forwarder, forwardedHeaders } from './forwarder.js';
import { notYoursPage, startingPage } from './pages.js';
import { pageLanguageOf } from './pageText.js';
import { matchUserPath, type UserRoute } from './userPath.js';

export interface UserProxyDeps {
  access: AccessPolicy;
  containers: ContainerService;
  tracker: LastUsedTracker;
  templates: TemplateCatalog;
  /** Whether X-Forwarded-* headers from the client may be passed on (spawner behind a proxy). */
  trustForwardedHeaders: boolean;
  log: Logger;
}

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
      if (!res.headersSent) sendError(res, err);
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
    const decision = await this.deps.access.decide(req.headers, route);
    if (decision.outcome !== 'allow') {
      this.refuse(req, res, route, decision);
      return;
    }
    const { user, endpoint } = decision;
    const release = this.deps.tracker.openConnection(user.id, route.type);
    res.once('close', release);
    this.forwarder.forward(req, res, {
      origin: `http://${endpoint.host}:${endpoint.port}`,
      path: route.upstreamUrl,
      headers: this.upstreamHeaders(req, route),
      onResponseHeaders: (headers) => keepUnderPrefix(headers, route.prefix),
      onError: (err) => {
        this.deps.log.warn({ err, route: route.prefix }, 'container did not answer');
        if (res.headersSent) {
          res.destroy();
        } else if (wantsHtml(req)) {
          this.refuse(req, res, route, { outcome: 'start', user });
        } else {
          sendError(res, new BadGatewayError());
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
    const decision = await this.deps.access.decide(req.headers, route);
    if (decision.outcome !== 'allow') {
      if (decision.outcome === 'start') this.launchInBackground(decision.user, route.type);
      sendSocketError(socket, refusalOf(decision, this.template(route)));
      return;
    }
    const { user, endpoint } = decision;
    const release = this.deps.tracker.openConnection(user.id, route.type);
    socket.once('close', release);
    this.prepare(req, route);
    this.wsProxy.ws(
      req,
      socket,
      head,
      { target: `ws://${endpoint.host}:${endpoint.port}`, agent: this.wsAgent },
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

  /**
   * Answers a request that may not pass: browsers get a page or a redirect, everything else the
   * JSON error. Starting is a refusal that also starts the app (browsers: the page does that).
   */
  private refuse(
    req: IncomingMessage,
    res: ServerResponse,
    route: UserRoute,
    decision: Exclude<AccessDecision, { outcome: 'allow' }>,
  ): void {
    const template = this.template(route);
    if (wantsHtml(req)) {
      switch (decision.outcome) {
        case 'sign_in':
          res.writeHead(302, {
            location: signInLocation(req.url ?? '/'),
            'cache-control': 'no-store',
          });
          res.end();
          return;
        case 'forbidden':
          notYoursPage(res, pageLanguageOf(req.headers));
          return;
        case 'start':
          // The page itself asks for the launch and reloads when the app answers.
          startingPage(res, {
            displayName: template.display_name,
            type: route.type,
            nonce: randomBytes(16).toString('base64'),
            language: pageLanguageOf(req.headers),
          });
          return;
      }
    }
    if (decision.outcome === 'start') this.launchInBackground(decision.user, route.type);
    sendError(res, refusalOf(decision, template));
  }

  private template(route: UserRoute) {
    return this.deps.templates.get(route.type)!;
  }

  private launchInBackground(user: AuthenticatedUser, type: string): void {
    const key = containerKey(user.id, type);
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
