import { stringifySetCookie } from 'cookie';
import { APP_COOKIE } from '../auth/cookies.js';
import type { AppHandshakeService } from '../auth/appHandshake.js';
import { appOrigin, type Routing } from '../containers/identity.js';
import { appNameOf, parseAppName, type UserRoute } from './userPath.js';

/** On app hosts this path is spawner's, never the app's: the end of the sign-in handshake. */
const RESERVED_PREFIX = '/_spawner/';
const HANDSHAKE_PATH = `${RESERVED_PREFIX}handshake`;
/** The dashboard's end of the handshake (on PUBLIC_URL's host). */
export const HANDSHAKE_START_PATH = '/api/auth/app-handshake';

/** What a request's host (subdomain mode) says it is for. */
export type HostMatch =
  | { kind: 'dashboard' }
  /** Under APPS_DOMAIN but names no app: never served by the dashboard. */
  | { kind: 'unknown_app' }
  /** `/_spawner/...` on an app host. */
  | { kind: 'reserved'; route: UserRoute }
  | { kind: 'app'; route: UserRoute };

/** The outcome of the app host's end of the handshake. */
export type HandshakeFinish =
  { ok: true; setCookie: string; location: string } | { ok: false; retry: string };

/**
 * Subdomain mode's addressing of app hosts, `{slug}-{type}.{APPS_DOMAIN}`, and the handshake
 * that gives each its own cookie (see AppHandshakeService). The whole path reaches the app,
 * except `/_spawner/`.
 */
export class AppHosts {
  private readonly routing: Extract<Routing, { mode: 'subdomain' }>;

  constructor(
    private readonly deps: {
      publicUrl: URL;
      appsDomain: string;
      handshake: AppHandshakeService;
      isTemplate: (type: string) => boolean;
    },
  ) {
    this.routing = { mode: 'subdomain', appsDomain: deps.appsDomain };
  }

  /** Reads the Host header (any port: the scheme and port are PUBLIC_URL's business). */
  match(host: string | undefined, rawUrl: string): HostMatch {
    const hostname = (host ?? '').replace(/:\d*$/, '').toLowerCase();
    const suffix = `.${this.deps.appsDomain}`;
    if (!hostname.endsWith(suffix)) return { kind: 'dashboard' };
    const app = parseAppName(hostname.slice(0, -suffix.length), this.deps.isTemplate);
    if (!app || !rawUrl.startsWith('/')) return { kind: 'unknown_app' };
    const route: UserRoute = { ...app, prefix: '/', upstreamUrl: rawUrl, needsSlash: false };
    return rawUrl.startsWith(RESERVED_PREFIX)
      ? { kind: 'reserved', route }
      : { kind: 'app', route };
  }

  /** The app's origin, `{scheme}://{slug}-{type}.{APPS_DOMAIN}[:port]`. */
  origin(route: Pick<UserRoute, 'slug' | 'type'>): string {
    return appOrigin(this.deps.publicUrl, this.routing, route, route.type);
  }

  /** Where a browser without an app cookie goes: the dashboard, which knows its session. */
  handshakeStart(route: Pick<UserRoute, 'slug' | 'type'>, next: string): string {
    const url = new URL(HANDSHAKE_START_PATH, this.deps.publicUrl);
    url.searchParams.set('app', appNameOf(route));
    url.searchParams.set('next', safeAppPath(next));
    return url.href;
  }

  /** Where the dashboard sends a signed-in owner: the app host, with a fresh one-time code. */
  async handshakeFinishUrl(
    sessionToken: string,
    route: Pick<UserRoute, 'slug' | 'type'>,
    next: string,
  ): Promise<string> {
    const code = await this.deps.handshake.issueCode(sessionToken, appNameOf(route));
    const url = new URL(HANDSHAKE_PATH, this.origin(route));
    url.searchParams.set('code', code);
    url.searchParams.set('next', safeAppPath(next));
    return url.href;
  }

  /** `/_spawner/handshake?code=…&next=…` on an app host: trades the code for the app cookie. */
  async finish(route: UserRoute): Promise<HandshakeFinish | undefined> {
    const url = new URL(route.upstreamUrl, 'http://app.invalid');
    if (url.pathname !== HANDSHAKE_PATH) return undefined;
    const next = safeAppPath(url.searchParams.get('next'));
    const code = url.searchParams.get('code');
    const session = code ? await this.deps.handshake.redeem(code, appNameOf(route)) : undefined;
    if (!session) return { ok: false, retry: this.handshakeStart(route, next) };
    const setCookie = stringifySetCookie({
      name: APP_COOKIE,
      value: session.token,
      path: '/',
      httpOnly: true,
      sameSite: 'lax',
      secure: this.deps.publicUrl.protocol === 'https:',
      maxAge: session.maxAgeSeconds,
    });
    return { ok: true, setCookie, location: next };
  }
}

/**
 * A path on the app's own origin, or `/`: never `//host` or `/\host` (another origin to a
 * browser), never control characters, never the reserved path (no handshake loops).
 */
export function safeAppPath(next: string | null | undefined): string {
  if (!next?.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return '/';
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(next) || next.startsWith(RESERVED_PREFIX)) return '/';
  return next;
}
