import { randomBytes } from 'node:crypto';
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Logger } from 'pino';
import type { AuditLog } from '../audit/auditLog.js';
import { clientAddressOf } from '../audit/clientAddress.js';
import { stripCredentials, withoutSessionCookie } from '../auth/cookies.js';
import type { AuthenticatedUser } from '../auth/requestAuth.js';
import type { ContainerService } from '../containers/containerService.js';
import type { LastUsedTracker } from '../containers/lastUsed.js';
import { containerKey, type Routing } from '../containers/identity.js';
import {
  BadGatewayError,
  ForeignOriginError,
  NotFoundError,
  QuotaExceededError,
} from '../errors.js';
import type { Metrics } from '../ops/metrics.js';
import type { TemplateCatalog } from '../templates/template.js';
import {
  refusalOf,
  signInLocation,
  type AccessDecision,
  type AccessPolicy,
  type RequestHost,
} from './access.js';
import { sendError, sendSocketError, wantsHtml } from './answers.js';
import type { AppHosts } from './appHost.js';
import { Forwarder, UpgradeForwarder, forwardedHeaders } from './forwarder.js';
import { forwardingHeadersOf, isClientForwardingHeader } from './forwardingHeaders.js';
import { notYoursPage, quotaPage, startingPage } from './pages.js';
import { pageLanguageOf } from './pageText.js';
import { proxyRefusalEntry } from './refusalAudit.js';
import { appOriginOf, passesOriginCheck } from './requestOrigin.js';
import { confineResponseHeaders } from './responseHeaders.js';
import { matchUserPath, type UserRoute } from './userPath.js';

export interface UserProxyDeps {
  access: AccessPolicy;
  containers: ContainerService;
  tracker: LastUsedTracker;
  templates: TemplateCatalog;
  /** Whether a peer (its socket address) is a proxy whose X-Forwarded-* headers are believed. */
  trustsPeer: (peerAddress: string) => boolean;
  publicUrl: URL;
  routing: Routing;
  /** Subdomain mode: the app hosts and their handshake; undefined in path mode. */
  appHosts: AppHosts | undefined;
  /** Refused access (someone else's app) is recorded; allowed requests are not. */
  audit: AuditLog;
  metrics: Metrics;
  log: Logger;
}

/** What a request is for, as far as the proxy is concerned (anything else is the dashboard's). */
type Target =
  | { kind: 'app'; route: UserRoute; host: RequestHost }
  /** `/_spawner/...` on an app host: spawner's own, never the app's. */
  | { kind: 'handshake'; route: UserRoute }
  /** A path-mode address in subdomain mode: the app lives on its own host now. */
  | { kind: 'moved'; location: string }
  /** A host under APPS_DOMAIN that names no app. */
  | { kind: 'unknown_app' };

/**
 * The built-in reverse proxy: `/{slug}-{type}/...` (path mode) or every path of
 * `{slug}-{type}.{APPS_DOMAIN}` (subdomain mode, dispatched by Host) reaches that user's
 * container, prefix removed, for the owner only. Requests for a stopped or missing container
 * start it.
 */
export class UserProxy {
  /** Plain HTTP goes through undici's keep-alive pools: no TCP handshake per proxied request. */
  private readonly forwarder = new Forwarder();
  private readonly upgrades = new UpgradeForwarder();
  private readonly startups = new Map<string, Promise<unknown>>();

  constructor(private readonly deps: UserProxyDeps) {}

  private isTemplate = (type: string): boolean => this.deps.templates.get(type) !== undefined;

  /** Takes the request when it is for a user container; returns false to leave it to the app. */
  handleRequest(req: IncomingMessage, res: ServerResponse): boolean {
    const target = this.targetOf(req);
    if (!target) return false;
    this.measure(res);
    this.dispatch(req, res, target).catch((err: unknown) => {
      this.deps.log.error({ err }, 'proxy failed');
      if (!res.headersSent) sendError(res, err);
      else res.destroy();
    });
    return true;
  }

  /** Takes a WebSocket upgrade for a user container; returns false to leave it to the app. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): boolean {
    const target = this.targetOf(req);
    if (!target) return false;
    if (target.kind !== 'app') {
      sendSocketError(socket, new NotFoundError('No app answers at this address.'));
      return true;
    }
    this.upgrade(req, socket, head, target.route, target.host).catch((err: unknown) => {
      this.deps.log.error({ err }, 'proxy upgrade failed');
      socket.destroy();
    });
    return true;
  }

  /** Counts the response by status class when it ends; one cut off before its end is `other`. */
  private measure(res: ServerResponse): void {
    const started = process.hrtime.bigint();
    res.once('close', () => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      this.deps.metrics.observeProxy(res.writableFinished ? res.statusCode : 0, seconds);
    });
  }

  close(): void {
    this.upgrades.close();
    void this.forwarder.close();
  }

  /**
   * Path mode: the first path segment names the app. Subdomain mode: the Host does; on the
   * dashboard's host a path-mode address is sent to the app's host.
   */
  private targetOf(req: IncomingMessage): Target | undefined {
    const url = req.url ?? '';
    const hosts = this.deps.appHosts;
    if (!hosts) {
      const route = matchUserPath(url, this.isTemplate);
      return route && { kind: 'app', route, host: 'dashboard' };
    }
    const match = hosts.match(req.headers.host, url);
    switch (match.kind) {
      case 'app':
        return { kind: 'app', route: match.route, host: 'app_host' };
      case 'reserved':
        return { kind: 'handshake', route: match.route };
      case 'unknown_app':
        return { kind: 'unknown_app' };
      case 'dashboard': {
        const old = matchUserPath(url, this.isTemplate);
        return old && { kind: 'moved', location: hosts.origin(old) + old.upstreamUrl };
      }
    }
  }

  private async dispatch(req: IncomingMessage, res: ServerResponse, target: Target): Promise<void> {
    switch (target.kind) {
      case 'app':
        return this.serve(req, res, target.route, target.host);
      case 'handshake':
        return this.finishHandshake(req, res, target.route);
      case 'moved':
        redirect(res, req.method, target.location);
        return;
      case 'unknown_app':
        sendError(res, new NotFoundError('No app answers at this address.'));
        return;
    }
  }

  /** `/_spawner/handshake` on an app host: the app cookie, then on to the page asked for. */
  private async finishHandshake(
    req: IncomingMessage,
    res: ServerResponse,
    route: UserRoute,
  ): Promise<void> {
    const outcome =
      req.method === 'GET' || req.method === 'HEAD'
        ? await this.deps.appHosts!.finish(route)
        : undefined;
    if (!outcome) {
      sendError(res, new NotFoundError('No app answers at this address.'));
      return;
    }
    // A used or expired code (a reload, the back button) starts the handshake over.
    const headers: Record<string, string> = {
      location: outcome.ok ? outcome.location : outcome.retry,
      'cache-control': 'no-store',
      'referrer-policy': 'no-referrer',
    };
    if (outcome.ok) headers['set-cookie'] = outcome.setCookie;
    res.writeHead(302, headers);
    res.end();
  }

  /** The origin the app's own pages run on: what `Origin` must say on its unsafe requests. */
  private appOrigin(route: UserRoute, host: RequestHost): string {
    return host === 'app_host'
      ? appOriginOf(this.deps.publicUrl, { routing: this.deps.routing, ...route })
      : appOriginOf(this.deps.publicUrl);
  }

  private async serve(
    req: IncomingMessage,
    res: ServerResponse,
    route: UserRoute,
    host: RequestHost,
  ): Promise<void> {
    if (route.needsSlash) {
      const method = req.method ?? 'GET';
      res.writeHead(method === 'GET' || method === 'HEAD' ? 302 : 307, {
        location: `${route.prefix}/${route.upstreamUrl.slice(1)}`,
      });
      res.end();
      return;
    }
    if (!passesOriginCheck(req.method, req.headers, this.appOrigin(route, host))) {
      sendError(res, new ForeignOriginError());
      return;
    }
    const decision = await this.deps.access.decide(req.headers, route, host);
    if (decision.outcome !== 'allow') {
      this.auditRefusal(req, route, decision);
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
      onResponseHeaders: (headers) => {
        if (host === 'dashboard') keepUnderPrefix(headers, route.prefix);
        confineResponseHeaders(headers, route.prefix);
      },
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
    host: RequestHost,
  ): Promise<void> {
    if (!passesOriginCheck(req.method, req.headers, this.appOrigin(route, host))) {
      sendSocketError(socket, new ForeignOriginError());
      return;
    }
    const decision = await this.deps.access.decide(req.headers, route, host);
    if (decision.outcome !== 'allow') {
      this.auditRefusal(req, route, decision);
      if (decision.outcome === 'start') {
        const overQuota = await this.quotaRefusal(decision.user, route.type);
        if (overQuota) {
          sendSocketError(socket, overQuota);
          return;
        }
        this.launchInBackground(decision.user, route.type);
      }
      sendSocketError(socket, refusalOf(decision, this.template(route)));
      return;
    }
    const { user, endpoint } = decision;
    const release = this.deps.tracker.openConnection(user.id, route.type);
    socket.once('close', release);
    this.prepare(req, route);
    this.upgrades.forward(req, socket, head, {
      target: `ws://${endpoint.host}:${endpoint.port}`,
      onResponseHeaders: (headers) => confineResponseHeaders(headers, route.prefix),
      onError: () => socket.destroy(),
    });
  }

  /**
   * The headers a plain request reaches the container with: no spawner credentials, and
   * spawner's own X-Forwarded-* (a client's Forwarded, X-Real-IP and X-Forwarded-* only when it is
   * a trusted proxy).
   */
  private upstreamHeaders(req: IncomingMessage, route: UserRoute): string[] {
    const trusted = this.trusts(req);
    const cookie = withoutSessionCookie(req.headers.cookie);
    const extra = Object.entries(
      forwardingHeadersOf(req.headers, { peerAddress: peerOf(req), trusted, prefix: route.prefix }),
    ).flat();
    if (cookie) extra.push('cookie', cookie);
    return forwardedHeaders(
      req,
      (name) => REPLACED.has(name) || (!trusted && isClientForwardingHeader(name)),
      extra,
    );
  }

  /** Rewrites what the container will see on an upgrade: its own path and the same headers as a plain request. */
  private prepare(req: IncomingMessage, route: UserRoute): void {
    const trusted = this.trusts(req);
    req.url = route.upstreamUrl;
    stripCredentials(req.headers);
    const forwarding = forwardingHeadersOf(req.headers, {
      peerAddress: peerOf(req),
      trusted,
      prefix: route.prefix,
    });
    for (const name of Object.keys(req.headers)) {
      if (!trusted && isClientForwardingHeader(name)) delete req.headers[name];
    }
    Object.assign(req.headers, forwarding);
  }

  private trusts(req: IncomingMessage): boolean {
    return this.deps.trustsPeer(peerOf(req));
  }

  /**
   * Answers a request that may not pass: browsers get a page or a redirect, everything else the
   * JSON error. Starting is a refusal that also starts the app (browsers: the page does that),
   * unless a quota would be passed: then the answer is that refusal (429).
   */
  private refuse(
    req: IncomingMessage,
    res: ServerResponse,
    route: UserRoute,
    decision: Exclude<AccessDecision, { outcome: 'allow' }>,
  ): void {
    if (decision.outcome !== 'start') {
      this.answerRefusal(req, res, route, decision);
      return;
    }
    void this.quotaRefusal(decision.user, route.type).then((overQuota) => {
      if (!overQuota) this.answerRefusal(req, res, route, decision);
      else if (wantsHtml(req))
        quotaPage(res, pageLanguageOf(req.headers), overQuota, this.home(route));
      else sendError(res, overQuota);
    });
  }

  /** The quota a start on request would pass, if any (then it is not started). */
  private async quotaRefusal(
    user: AuthenticatedUser,
    type: string,
  ): Promise<QuotaExceededError | undefined> {
    try {
      await this.deps.containers.checkQuota(user, type);
      return undefined;
    } catch (err) {
      if (err instanceof QuotaExceededError) return err;
      // The check could not be made (the store is away): the launch itself checks again.
      this.deps.log.warn({ err, user: user.id, type }, 'quota check failed');
      return undefined;
    }
  }

  /** The dashboard's address as seen from the route's page. */
  private home(route: UserRoute): string {
    return this.deps.appHosts && route.prefix === '/' ? this.deps.publicUrl.href : '/';
  }

  private answerRefusal(
    req: IncomingMessage,
    res: ServerResponse,
    route: UserRoute,
    decision: Exclude<AccessDecision, { outcome: 'allow' }>,
  ): void {
    const template = this.template(route);
    const hosts = this.deps.appHosts;
    // On an app's own host the dashboard is another origin: links and sign-in go there.
    const onAppHost = hosts && route.prefix === '/' ? hosts : undefined;
    const home = onAppHost ? this.deps.publicUrl.href : '/';
    if (wantsHtml(req)) {
      switch (decision.outcome) {
        case 'sign_in':
          res.writeHead(302, {
            location: onAppHost
              ? onAppHost.handshakeStart(route, req.url ?? '/')
              : signInLocation(req.url ?? '/'),
            'cache-control': 'no-store',
          });
          res.end();
          return;
        case 'forbidden':
          notYoursPage(res, pageLanguageOf(req.headers), home);
          return;
        case 'start':
          // The page asks for the launch itself, or (on an app host) waits for this one.
          if (onAppHost) this.launchInBackground(decision.user, route.type);
          startingPage(res, {
            displayName: template.display_name,
            type: route.type,
            nonce: randomBytes(16).toString('base64'),
            language: pageLanguageOf(req.headers),
            onAppHost: onAppHost && { home },
          });
          return;
      }
    }
    if (decision.outcome === 'start') this.launchInBackground(decision.user, route.type);
    sendError(res, refusalOf(decision, template));
  }

  /** A signed-in person refused someone else's app goes in the audit log. */
  private auditRefusal(req: IncomingMessage, route: UserRoute, decision: AccessDecision): void {
    const refused = proxyRefusalEntry(decision, route, clientAddressOf(req, this.deps.trustsPeer));
    if (refused) this.deps.audit.record(refused);
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

/** Headers the proxy sets itself (or removes: the client's `authorization` is spawner's). */
const REPLACED = new Set([
  'authorization',
  'cookie',
  'x-forwarded-for',
  'x-forwarded-port',
  'x-forwarded-proto',
  'x-forwarded-host',
  'x-forwarded-prefix',
]);

/** A redirect that keeps the method (and body) of anything but GET and HEAD. */
function redirect(res: ServerResponse, method: string | undefined, location: string): void {
  res.writeHead(method === 'GET' || method === 'HEAD' ? 302 : 307, { location });
  res.end();
}

function peerOf(req: IncomingMessage): string {
  return req.socket.remoteAddress ?? '';
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
