import {
  adminContainerParamsSchema,
  adminContainersQuerySchema,
  adminContainersResponseSchema,
  adminInviteRequestSchema,
  adminUserParamsSchema,
  adminUserSchema,
  adminUsersQuerySchema,
  adminUsersResponseSchema,
  containerStateResponseSchema,
  deleteQuerySchema,
  errorBodySchema,
  messageResponseSchema,
} from '@spawner/api';
import type { FastifyRequest } from 'fastify';
import type { RequestAuthenticator } from '../auth/requestAuth.js';
import { unknownTypeOnBadParams } from '../containers/routes.js';
import type { HttpServer } from '../http/server.js';
import type { AdminActor, AdminService } from './adminService.js';
import { adminOf, requireAdmin } from './requireAdmin.js';

const tags = ['admin'];
const refusals = { 400: errorBodySchema, 401: errorBodySchema, 403: errorBodySchema };
const onUser = { ...refusals, 404: errorBodySchema };

/** The admin console's API: people and containers, for administrators only (`403` for others). */
export function registerAdminRoutes(
  app: HttpServer,
  deps: { admin: AdminService; auth: RequestAuthenticator },
): void {
  const { admin } = deps;
  const onRequest = requireAdmin(deps.auth);

  app.get(
    '/api/admin/users',
    {
      onRequest,
      schema: {
        tags,
        summary: 'Every person: search, sort, page',
        querystring: adminUsersQuerySchema,
        response: { 200: adminUsersResponseSchema, ...refusals },
      },
    },
    (request) => admin.listUsers(request.query),
  );

  app.post(
    '/api/admin/users',
    {
      onRequest,
      schema: {
        tags,
        summary: 'Invite (allow) an address: its account is made, optionally a sign-in link sent',
        description:
          'With SIGNUP=invite or allowlist the address may then sign in. `201` when the account is new, `200` when it existed.',
        body: adminInviteRequestSchema,
        response: { 200: adminUserSchema, 201: adminUserSchema, ...refusals },
      },
    },
    async (request, reply) => {
      const { email, send_link } = request.body;
      const { user, created } = await admin.invite(actorOf(request), email, {
        sendLink: send_link,
      });
      return reply.code(created ? 201 : 200).send(user);
    },
  );

  app.get(
    '/api/admin/users/:id',
    {
      onRequest,
      schema: {
        tags,
        summary: 'One person',
        params: adminUserParamsSchema,
        response: { 200: adminUserSchema, ...onUser },
      },
    },
    (request) => admin.user(request.params.id),
  );

  app.post(
    '/api/admin/users/:id/block',
    {
      onRequest,
      schema: {
        tags,
        summary: 'Block a person: no sign-in, every session ends now, their containers stop',
        params: adminUserParamsSchema,
        response: { 200: adminUserSchema, ...onUser, 409: errorBodySchema },
      },
    },
    (request) => admin.block(actorOf(request), request.params.id),
  );

  app.post(
    '/api/admin/users/:id/unblock',
    {
      onRequest,
      schema: {
        tags,
        summary: 'Let a blocked person sign in again',
        params: adminUserParamsSchema,
        response: { 200: adminUserSchema, ...onUser },
      },
    },
    (request) => admin.unblock(actorOf(request), request.params.id),
  );

  app.post(
    '/api/admin/users/:id/admin',
    {
      onRequest,
      schema: {
        tags,
        summary: 'Make a person an administrator',
        params: adminUserParamsSchema,
        response: { 200: adminUserSchema, ...onUser },
      },
    },
    (request) => admin.setAdmin(actorOf(request), request.params.id, true),
  );

  app.delete(
    '/api/admin/users/:id/admin',
    {
      onRequest,
      schema: {
        tags,
        summary: "Revoke a person's administrator flag",
        description: '`409 last_admin` for the last administrator.',
        params: adminUserParamsSchema,
        response: { 200: adminUserSchema, ...onUser, 409: errorBodySchema },
      },
    },
    (request) => admin.setAdmin(actorOf(request), request.params.id, false),
  );

  app.delete(
    '/api/admin/users/:id',
    {
      onRequest,
      schema: {
        tags,
        summary: 'Delete a person with every container and data volume',
        description: '`409 last_admin` for the last administrator.',
        params: adminUserParamsSchema,
        response: { 200: messageResponseSchema, ...onUser, 409: errorBodySchema },
      },
    },
    async (request) => {
      await admin.deleteUser(actorOf(request), request.params.id);
      return { message: 'The user, their containers and their data are deleted.' };
    },
  );

  app.get(
    '/api/admin/containers',
    {
      onRequest,
      schema: {
        tags,
        summary: "Every person's containers: filter by owner, template and status; page",
        querystring: adminContainersQuerySchema,
        response: { 200: adminContainersResponseSchema, ...refusals },
      },
    },
    (request) => admin.listContainers(request.query),
  );

  app.post(
    '/api/admin/containers/:userId/:type/stop',
    {
      onRequest,
      schema: {
        tags,
        summary: "Stop a person's container",
        params: adminContainerParamsSchema,
        response: { 200: containerStateResponseSchema, ...onUser, 502: errorBodySchema },
      },
      config: unknownTypeOnBadParams,
    },
    async (request) => {
      const { userId, type } = request.params;
      return { status: await admin.stopContainer(actorOf(request), userId, type) };
    },
  );

  app.delete(
    '/api/admin/containers/:userId/:type',
    {
      onRequest,
      schema: {
        tags,
        summary: "Remove a person's container; `?data=true` also removes its data volume",
        params: adminContainerParamsSchema,
        querystring: deleteQuerySchema,
        response: { 200: containerStateResponseSchema, ...onUser, 502: errorBodySchema },
      },
      config: unknownTypeOnBadParams,
    },
    async (request) => {
      const { userId, type } = request.params;
      const data = request.query.data;
      return { status: await admin.removeContainer(actorOf(request), userId, type, { data }) };
    },
  );
}

function actorOf(request: FastifyRequest): AdminActor {
  const { id, email } = adminOf(request);
  return { user: { id, email }, ip: request.ip };
}
