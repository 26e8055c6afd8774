import type { IncomingHttpHeaders } from 'node:http';
import type { AppHandshakeService } from '../auth/appHandshake.js';
import { appTokenOf } from '../auth/cookies.js';
import type { AuthenticatedUser, RequestAuthenticator } from '../auth/requestAuth.js';
import type { ContainerIndex, IndexedContainer } from '../containers/containerIndex.js';
import { madeForOtherRouting, type Endpoint, type Routing } from '../containers/identity.js';
import { NotOwnerError, StartingError, UnauthenticatedError, type DomainError } from '../errors.js';
import type { Template } from '../templates/template.js';
import { appNameOf, type UserRoute } from './userPath.js';

/**
 * Whether a request may reach a user's app, decided once for the HTTP proxy, WebSocket upgrades
 * and Traefik's forward auth. Checks added later (a foreign origin, a blocked person, a quota)
 * become outcomes here, so every path refuses them the same way.
 */
export type AccessDecision =
  | { outcome: 'allow'; user: AuthenticatedUser; endpoint: Endpoint }
  /** The owner asks for an app that is not running: start it. */
  | { outcome: 'start'; user: AuthenticatedUser }
  | { outcome: 'sign_in' }
  /** Signed in, but not the owner (or with another app's cookie); `user` is who asked, for the audit log. */
  | { outcome: 'forbidden'; user?: AuthenticatedUser };

/** Who is asking, and with what: a session (cookie or bearer token), or one app host's cookie. */
export interface Caller {
  user: AuthenticatedUser;
  /** Set when the credential is an app cookie (subdomain mode): the one app, `{slug}-{type}`, it opens. */
  app?: string;
}

/** Where the request came in: the dashboard's host (path mode), or an app's own host. */
export type RequestHost = 'dashboard' | 'app_host';

/**
 * The pure rule: only the owner passes, with a credential good for that app, and only to a
 * container that answers and was made for the current routing mode.
 */
export function decideAccess(
  caller: Caller | undefined,
  route: UserRoute | undefined,
  container: IndexedContainer | undefined,
  routing: Routing,
): AccessDecision {
  if (!caller) return { outcome: 'sign_in' };
  const { user } = caller;
  // Admins included: being an administrator never opens another person's app.
  if (!route || route.slug !== user.slug) return { outcome: 'forbidden', user };
  if (caller.app !== undefined && caller.app !== appNameOf(route)) {
    return { outcome: 'forbidden', user };
  }
  if (
    !container?.endpoint ||
    container.userId !== user.id ||
    madeForOtherRouting(container.labels, routing)
  ) {
    // The launch recreates a container made for the other routing mode.
    return { outcome: 'start', user };
  }
  return { outcome: 'allow', user, endpoint: container.endpoint };
}

/** Finds the caller and the container, then applies `decideAccess`. */
export class AccessPolicy {
  constructor(
    private readonly deps: {
      auth: RequestAuthenticator;
      appSessions: AppHandshakeService;
      index: ContainerIndex;
      routing: Routing;
    },
  ) {}

  async decide(
    headers: IncomingHttpHeaders,
    route: UserRoute | undefined,
    host: RequestHost = 'dashboard',
  ): Promise<AccessDecision> {
    const caller = await this.caller(headers, host);
    const container = caller && route ? this.deps.index.get(caller.user, route.type) : undefined;
    return decideAccess(caller, route, container, this.deps.routing);
  }

  /**
   * On the dashboard's host: the session cookie or a bearer token. On an app's host: a bearer
   * token or that host's app cookie, never the session cookie (it is host-only and must stay so).
   */
  private async caller(
    headers: IncomingHttpHeaders,
    host: RequestHost,
  ): Promise<Caller | undefined> {
    if (host === 'dashboard' || headers.authorization !== undefined) {
      const bearerOnly = host === 'app_host' ? { authorization: headers.authorization } : headers;
      const user = await this.deps.auth.optional({ headers: bearerOnly });
      return user && { user };
    }
    const token = appTokenOf(headers);
    const session = token ? await this.deps.appSessions.resolve(token) : undefined;
    return session && { user: this.deps.auth.present(session.user), app: session.app };
  }
}

/** A refusal as the domain error every answer (JSON, socket, forward auth) is built from. */
export function refusalOf(
  decision: Exclude<AccessDecision, { outcome: 'allow' }>,
  template: Pick<Template, 'display_name'> | undefined,
): DomainError {
  switch (decision.outcome) {
    case 'sign_in':
      return new UnauthenticatedError();
    case 'forbidden':
      return new NotOwnerError();
    case 'start':
      return new StartingError(template?.display_name ?? 'container');
  }
}

/** Where a signed-out browser goes: the sign-in page, coming back to `next` afterwards. */
export function signInLocation(next: string, base?: URL): string {
  const path = `/login?next=${encodeURIComponent(next.startsWith('/') ? next : '/')}`;
  return base ? new URL(path, base).href : path;
}
