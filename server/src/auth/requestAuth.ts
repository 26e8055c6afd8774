import type { IncomingHttpHeaders } from 'node:http';
import type { UserRow } from '../db/schema.js';
import { UnauthenticatedError } from '../errors.js';
import { sessionTokenOf } from './cookies.js';
import type { SessionService } from './sessions.js';

export interface AuthenticatedUser {
  id: number;
  email: string;
  slug: string;
  isAdmin: boolean;
}

/** Finds who is calling, from the session cookie or a bearer token. */
export class RequestAuthenticator {
  constructor(private readonly sessions: SessionService) {}

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

  /** A stored user as a caller (an app session's user, for one). */
  present(user: UserRow): AuthenticatedUser {
    return {
      id: user.id,
      email: user.email,
      slug: user.slug,
      // The stored flag (ADMIN_EMAILS is granted it at start), so a revoke counts without a restart.
      isAdmin: user.is_admin === 1,
    };
  }
}
