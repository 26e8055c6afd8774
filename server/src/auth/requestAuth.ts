import type { IncomingHttpHeaders } from 'node:http';
import { fastifyCookie } from '@fastify/cookie';
import type { UserRow } from '../db/schema.js';
import { UnauthenticatedError } from '../errors.js';
import type { SessionService } from './sessions.js';

export const SESSION_COOKIE = 'spawner_session';

export interface AuthenticatedUser {
  id: number;
  email: string;
  slug: string;
  isAdmin: boolean;
}

/** The session token a request carries: a bearer token wins over the cookie. */
export function sessionTokenOf(headers: IncomingHttpHeaders): string | undefined {
  const header = headers.authorization;
  if (header) {
    const match = /^Bearer\s+([A-Za-z0-9_-]{20,200})\s*$/i.exec(header);
    return match?.[1];
  }
  const cookie = headers.cookie ? fastifyCookie.parse(headers.cookie)[SESSION_COOKIE] : undefined;
  return cookie && /^[A-Za-z0-9_-]{20,200}$/.test(cookie) ? cookie : undefined;
}

/** A Cookie header without spawner's session cookie (undefined when nothing else is left). */
export function withoutSessionCookie(cookieHeader: string | undefined): string | undefined {
  if (!cookieHeader) return undefined;
  const kept = cookieHeader
    .split(';')
    .map((c) => c.trim())
    .filter((c) => c && !c.startsWith(`${SESSION_COOKIE}=`));
  return kept.length ? kept.join('; ') : undefined;
}

/** Finds who is calling, from the session cookie or a bearer token. */
export class RequestAuthenticator {
  constructor(
    private readonly sessions: SessionService,
    private readonly adminEmails: Set<string>,
  ) {}

  async optional(request: {
    headers: IncomingHttpHeaders;
  }): Promise<AuthenticatedUser | undefined> {
    const token = sessionTokenOf(request.headers);
    if (!token) return undefined;
    const user = await this.sessions.resolve(token);
    return user ? this.present(user) : undefined;
  }

  async required(request: { headers: IncomingHttpHeaders }): Promise<AuthenticatedUser> {
    const user = await this.optional(request);
    if (!user) throw new UnauthenticatedError();
    return user;
  }

  private present(user: UserRow): AuthenticatedUser {
    return {
      id: user.id,
      email: user.email,
      slug: user.slug,
      isAdmin: this.adminEmails.has(user.email),
    };
  }
}
