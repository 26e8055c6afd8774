import { auditQuerySchema, auditResponseSchema, errorBodySchema } from '@spawner/api';
import { requireAdmin } from '../admin/requireAdmin.js';
import type { RequestAuthenticator } from '../auth/requestAuth.js';
import type { HttpServer } from '../http/server.js';
import type { AuditEvents } from './auditEvents.js';

/** `GET /api/admin/audit`: the audit log, filtered and paged, for administrators only. */
export function registerAuditRoutes(
  app: HttpServer,
  deps: { events: AuditEvents; auth: RequestAuthenticator },
): void {
  app.get(
    '/api/admin/audit',
    {
      onRequest: requireAdmin(deps.auth),
      schema: {
        tags: ['admin'],
        summary: 'Who did what, when, from where, and how it ended; newest first',
        querystring: auditQuerySchema,
        response: {
          200: auditResponseSchema,
          400: errorBodySchema,
          401: errorBodySchema,
          403: errorBodySchema,
        },
      },
    },
    (request) => deps.events.list(request.query),
  );
}
