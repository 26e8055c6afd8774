import type { Db } from '../db/database.js';
import type { HttpServer } from '../http/server.js';
import { checkReadiness } from './health.js';
import type { Metrics } from './metrics.js';
import { mayReadMetrics, METRICS_PATH, METRICS_REFUSAL } from './metricsAccess.js';

export interface OpsRoutesDeps {
  db: Db;
  engine: { readonly reachable: boolean };
  metrics: Metrics;
  /** Serve `/metrics` on this port, for this token; undefined: not here (404). */
  metricsToken: string | undefined;
}

// Operational endpoints, not part of the API: outside /api and left out of its document.
const hidden = { hide: true };

/**
 * `/healthz` (the process answers), `/readyz` (the store answers; the engine's state is told but
 * does not decide), and `/metrics` when a token guards it on this port.
 */
export function registerOpsRoutes(app: HttpServer, deps: OpsRoutesDeps): void {
  app.get('/healthz', { schema: hidden }, (_request, reply) =>
    reply.header('cache-control', 'no-store').send({ status: 'ok' }),
  );

  app.get('/readyz', { schema: hidden }, async (_request, reply) => {
    const readiness = await checkReadiness({ db: deps.db, engine: deps.engine });
    return reply
      .code(readiness.status === 'ready' ? 200 : 503)
      .header('cache-control', 'no-store')
      .send(readiness);
  });

  const token = deps.metricsToken;
  if (token === undefined) return;
  app.get(METRICS_PATH, { schema: hidden }, async (request, reply) => {
    if (!mayReadMetrics(request.headers.authorization, token)) {
      return reply.code(401).header('www-authenticate', 'Bearer').send(METRICS_REFUSAL);
    }
    return reply
      .header('content-type', deps.metrics.contentType)
      .header('cache-control', 'no-store')
      .send(await deps.metrics.text());
  });
}
