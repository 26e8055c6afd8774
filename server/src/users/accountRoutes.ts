import { errorBodySchema, messageResponseSchema } from '@spawner/api';
import type { AdminService } from '../admin/adminService.js';
import { SESSION_COOKIE } from '../auth/cookies.js';
import type { RequestAuthenticator } from '../auth/requestAuth.js';
import type { HttpServer } from '../http/server.js';

/** `DELETE /api/auth/me`: a person deletes their own account, containers and data included. */
export function registerAccountRoutes(
  app: HttpServer,
  deps: { admin: AdminService; auth: RequestAuthenticator },
): void {
  app.delete(
    '/api/auth/me',
    {
      schema: {
        tags: ['auth'],
        summary: 'Delete your own account, with every container and data volume',
        description: '`409 last_admin` when you are the last administrator.',
        response: { 200: messageResponseSchema, 401: errorBodySchema, 409: errorBodySchema },
      },
    },
    async (request, reply) => {
      const user = await deps.auth.required(request);
      await deps.admin.deleteOwnAccount(user, request.ip);
      void reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return { message: 'Your account, your containers and your data are deleted.' };
    },
  );
}
