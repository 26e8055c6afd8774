import {
  errorBodySchema,
  magicLinkRequestSchema,
  meResponseSchema,
  messageResponseSchema,
  previewResponseSchema,
  tokenRequestSchema,
  verifyResponseSchema,
} from '@spawner/api';
import type { FastifyReply } from 'fastify';
import type { AuditLog } from '../audit/auditLog.js';
import { BadRequestError, InvalidTokenError } from '../errors.js';
import type { HttpServer } from '../http/server.js';
import type { Metrics } from '../ops/metrics.js';
import { SESSION_COOKIE, sessionTokenOf } from './cookies.js';
import type { MagicLinkService } from './magicLinks.js';
import type { AuthenticatedUser, RequestAuthenticator } from './requestAuth.js';
import { SESSION_LIFETIME_MS, type SessionService } from './sessions.js';

export interface AuthRoutesDeps {
  magicLinks: MagicLinkService;
  sessions: SessionService;
  auth: RequestAuthenticator;
  secureCookies: boolean;
  audit: AuditLog;
  metrics: Metrics;
}

const tags = ['auth'];
/** A malformed token is answered like an unknown one: nothing about tokens is given away. */
const asInvalidToken = { invalidInput: () => new InvalidTokenError() };

export function registerAuthRoutes(app: HttpServer, deps: AuthRoutesDeps): void {
  app.post(
    '/api/auth/magic-link',
    {
      schema: {
        tags,
        summary: 'Mail a sign-in link (registers on first use)',
        security: [],
        body: magicLinkRequestSchema,
        response: { 202: messageResponseSchema, 400: errorBodySchema, 429: errorBodySchema },
      },
      config: { invalidInput: (message) => new BadRequestError('invalid_email', message) },
    },
    async (request, reply) => {
      await deps.magicLinks.request(request.body.email, request.ip);
      return reply
        .code(202)
        .send({ message: 'If the address can receive mail, a sign-in link is on its way.' });
    },
  );

  app.post(
    '/api/auth/verify/preview',
    {
      schema: {
        tags,
        summary: 'The address a sign-in link is for, without using it',
        security: [],
        body: tokenRequestSchema,
        response: { 200: previewResponseSchema, 401: errorBodySchema },
      },
      config: asInvalidToken,
    },
    async (request) => ({ email: await deps.magicLinks.preview(request.body.token) }),
  );

  app.post(
    '/api/auth/verify',
    {
      schema: {
        tags,
        summary: 'Use a sign-in link: starts a session (cookie and bearer token)',
        security: [],
        body: tokenRequestSchema,
        response: { 200: verifyResponseSchema, 401: errorBodySchema },
      },
      config: asInvalidToken,
    },
    async (request, reply) => {
      const user = await deps.magicLinks.consume(request.body.token);
      const sessionToken = await deps.sessions.create(user.id);
      deps.audit.record({ actor: user, action: 'sign_in', ip: request.ip, outcome: 'ok' });
      deps.metrics.signIns.inc();
      setSessionCookie(reply, sessionToken, deps.secureCookies);
      void reply.header('clear-site-data', CLEAR_SITE_DATA);
      return { token: sessionToken, user: { id: user.id, email: user.email, slug: user.slug } };
    },
  );

  // The user itself, and the same object under `user` as in the verify answer: clients written
  // for either shape read it.
  app.get(
    '/api/auth/me',
    {
      schema: {
        tags,
        summary: 'The signed-in user',
        response: { 200: meResponseSchema, 401: errorBodySchema },
      },
    },
    async (request) => {
      const user = presentUser(await deps.auth.required(request));
      return { ...user, user };
    },
  );

  app.post(
    '/api/auth/logout',
    { schema: { tags, summary: 'End the session', response: { 200: messageResponseSchema } } },
    async (request, reply) => {
      const token = sessionTokenOf(request.headers);
      if (token) {
        // Who it was, before the session that says so is gone.
        const user = await deps.auth.optional(request);
        await deps.sessions.revoke(token);
        if (user)
          deps.audit.record({ actor: user, action: 'sign_out', ip: request.ip, outcome: 'ok' });
      }
      void reply
        .clearCookie(SESSION_COOKIE, { path: '/' })
        .header('clear-site-data', CLEAR_SITE_DATA);
      return { message: 'Signed out.' };
    },
  );
}

/**
 * Sent with sign-in and sign-out: the browser drops this origin's cache and storage, service
 * workers included, so nothing an app left behind on a shared origin (path mode) outlives a
 * session change. Not `"cookies"`: browsers clear those for the whole registrable domain, other
 * hosts of the operator's included; the session cookie is set or expired by name instead.
 */
const CLEAR_SITE_DATA = '"cache", "storage"';

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
