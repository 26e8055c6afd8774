import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import type { Metrics } from './metrics.js';
import { mayReadMetrics, METRICS_PATH, METRICS_REFUSAL } from './metricsAccess.js';

export interface MetricsListener {
  /** The port it listens on (METRICS_PORT, or the one the system chose for 0). */
  readonly port: number;
  close(): Promise<void>;
}

/**
 * `/metrics` on a port of its own (METRICS_PORT), apart from the users' port: a scraper on an
 * internal network reaches it, the public does not. Serves nothing else.
 */
export async function startMetricsListener(options: {
  metrics: Metrics;
  port: number;
  host: string;
  token: string | undefined;
  log: Logger;
}): Promise<MetricsListener> {
  const { metrics, token } = options;
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '').split('?')[0];
    const json = (status: number, body: object) => {
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
      res.end(JSON.stringify(body));
    };
    if (path !== METRICS_PATH || (req.method !== 'GET' && req.method !== 'HEAD')) {
      json(404, { error: 'not_found', message: `Only GET ${METRICS_PATH} is served here.` });
      return;
    }
    if (!mayReadMetrics(req.headers.authorization, token)) {
      res.setHeader('www-authenticate', 'Bearer');
      json(401, METRICS_REFUSAL);
      return;
    }
    metrics.text().then(
      (text) => {
        res.writeHead(200, { 'content-type': metrics.contentType, 'cache-control': 'no-store' });
        res.end(req.method === 'HEAD' ? undefined : text);
      },
      (err: unknown) => {
        options.log.error({ err }, 'metrics could not be collected');
        json(500, { error: 'internal', message: 'The metrics could not be collected.' });
      },
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  options.log.info({ port, host: options.host }, 'metrics listening');
  return {
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
