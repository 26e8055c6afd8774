import type { FastifyInstance, FastifyReply } from 'fastify';
import { BadRequestError, InvalidTokenError } from '../errors.js';
import type { MagicLinkService } from './magicLinks.js';
import {
  SESSION_COOKIE,
  sessionTokenOf,
  type AuthenticatedUser,
  type RequestAuthenticator,
} from './requestAuth.js';
import { magicLinkRequestSchema, tokenBodySchema } from './schemas.js';
import { SESSION_LIFETIME_MS, type SessionService } from './sessions.js';

export interface AuthRoutesDeps {
  magicLinks: MagicLinkService;
  sessions: SessionService;
  auth: RequestAuthenticator;
  secureCookies: boolean;
}

export function registerAuthRoutes(app: FastifyInstance, deps: AuthRoutesDeps): void {
  app.post('/api/auth/magic-link', async (request, reply) => {
    const parsed = magicLinkRequestSchema.safeParse(request.body ?? {});
    if (!parsed.success)
      throw new BadRequestError(
        'invalid_email',
        parsed.error.issues[0]?.message ?? 'Invalid email.',
      );
    await deps.magicLinks.request(parsed.data.email, request.ip);
    return reply
      .code(202)
      .send({ message: 'If the address can receive mail, a sign-in link is on its way.' });
  });

  app.post('/api/auth/verify/preview', async (request) => {
    const { token } = parseToken(request.body);
    return { email: await deps.magicLinks.preview(token) };
  });

  app.post('/api/auth/verify', async (request, reply) => {
    const { token } = parseToken(request.body);
    const user = await deps.magicLinks.consume(token);
    const sessionToken = await deps.sessions.create(user.id);
    setSessionCookie(reply, sessionToken, deps.secureCookies);
    return { token: sessionToken, user: { id: user.id, email: user.email, slug: user.slug } };
  });

  // The user itself, and the same object under `user` as in the verify answer: clients written
  // for either shape read it.
  app.get('/api/auth/me', async (request) => {
    const user = presentUser(await deps.auth.required(request));
    return { ...user, user };
  });
  app.post('/api/auth/logout', async (request, reply) => {
    const token = sessionTokenOf(request.headers);
    if (token) await deps.sessions.revoke(token);
    void reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return { message: 'Signed out.' };
  });
}

function parseToken(body: unknown): { token: string } {
  const parsed = tokenBodySchema.safeParse(body ?? {});
  if (!parsed.success) throw new InvalidTokenError();
  return parsed.data;
}

function setSessionCookie(reply: FastifyReply, token: string, secure: boolean): void {
  void reply.setCookie(SESSION_COOKIE, token, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure,
    maxAge: Math.floor(SESSION_LIFETIME_MS / 1000),
  });
}

function presentUser(user: AuthenticatedUser) {
  return { id: user.id, email: user.email, slug: user.slug, is_admin: user.isAdmin };
}
