import {
  errorBodySchema,
  userQuotaParamsSchema,
  userQuotaRequestSchema,
  userQuotaResponseSchema,
} from '@spawner/api';
import { adminOf, requireAdmin } from '../admin/requireAdmin.js';
import type { AuditLog } from '../audit/auditLog.js';
import type { RequestAuthenticator } from '../auth/requestAuth.js';
import { NotFoundError } from '../errors.js';
import type { HttpServer } from '../http/server.js';
import type { Quotas } from './quotas.js';

/** `PUT /api/admin/users/{id}/quota`: an administrator raises (or lowers, or clears) a person's limit. */
export function registerQuotaRoutes(
  app: HttpServer,
  deps: { quotas: Quotas; auth: RequestAuthenticator; audit: AuditLog },
): void {
  app.put(
    '/api/admin/users/:id/quota',
    {
      onRequest: requireAdmin(deps.auth),
      schema: {
        tags: ['admin'],
        summary: "Set a person's limit of running containers (null: the platform default)",
        params: userQuotaParamsSchema,
        body: userQuotaRequestSchema,
        response: {
          200: userQuotaResponseSchema,
          400: errorBodySchema,
          401: errorBodySchema,
          403: errorBodySchema,
          404: errorBodySchema,
        },
      },
    },
    async (request) => {
      const { id } = request.params;
      const { max_running } = request.body;
      const admin = adminOf(request);
      return deps.audit.around(
        {
          actor: admin,
          action: 'admin_quota',
          target: { userId: id },
          ip: request.ip,
          detail: `max_running ${max_running ?? 'default'}`,
        },
        async () => {
          if (!(await deps.quotas.setPersonalLimit(id, max_running))) {
            throw new NotFoundError('There is no such person.');
          }
          return {
            id,
            max_running,
            effective_max_running: deps.quotas.effectiveLimit(max_running) ?? null,
          };
        },
      );
    },
  );
}
