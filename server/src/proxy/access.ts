import type { IncomingHttpHeaders } from 'node:http';
import type { AuthenticatedUser, RequestAuthenticator } from '../auth/requestAuth.js';
import type { ContainerIndex, IndexedContainer } from '../containers/containerIndex.js';
import type { Endpoint } from '../containers/identity.js';
import { NotOwnerError, StartingError, UnauthenticatedError, type DomainError } from '../errors.js';
import type { Template } from '../templates/template.js';
import type { UserRoute } from './userPath.js';

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
  | { outcome: 'forbidden' };

/** The pure rule: only the owner passes, and only to a container that answers. */
export function decideAccess(
  user: AuthenticatedUser | undefined,
  route: UserRoute | undefined,
  container: IndexedContainer | undefined,
): AccessDecision {
  if (!user) return { outcome: 'sign_in' };
  // Admins included: being an administrator never opens another person's app.
  if (!route || route.slug !== user.slug) return { outcome: 'forbidden' };
  if (!container?.endpoint || container.userId !== user.id) return { outcome: 'start', user };
  return { outcome: 'allow', user, endpoint: container.endpoint };
}

/** Finds the caller and the container, then applies `decideAccess`. */
export class AccessPolicy {
  constructor(private readonly deps: { auth: RequestAuthenticator; index: ContainerIndex }) {}

  async decide(
    headers: IncomingHttpHeaders,
    route: UserRoute | undefined,
  ): Promise<AccessDecision> {
    const user = await this.deps.auth.optional({ headers });
    const container = user && route ? this.deps.index.get(user, route.type) : undefined;
    return decideAccess(user, route, container);
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
