import type { FastifyRequest } from 'fastify';
import type { AuthenticatedUser, RequestAuthenticator } from '../auth/requestAuth.js';
import { ForbiddenError } from '../errors.js';

/** A signed-in person who is not an administrator asked for an admin route. */
class NotAdminError extends ForbiddenError {
  constructor() {
    super('Only administrators may do this.');
  }
}

const admins = new WeakMap<FastifyRequest, AuthenticatedUser>();

/**
 * The hook that guards admin routes: `401` with no credentials, `403` for anyone who is not an
 * administrator. Use it as the route's `onRequest`, so a refused caller learns nothing of the
 * route's input rules either; the handler then reads the admin with `adminOf(request)`.
 */
export function requireAdmin(auth: RequestAuthenticator) {
  return async (request: FastifyRequest): Promise<void> => {
    const user = await auth.required(request);
    if (!user.isAdmin) throw new NotAdminError();
    admins.set(request, user);
  };
}

/** The administrator `requireAdmin` let through on this request (for the audit log, say). */
export function adminOf(request: FastifyRequest): AuthenticatedUser {
  const admin = admins.get(request);
  if (!admin) throw new Error('admin route without the requireAdmin hook');
  return admin;
}
