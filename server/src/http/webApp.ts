import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';

/** Where `npm run build -w web` puts the dashboard, from server/src/http or server/dist/http alike. */
export const DEFAULT_WEB_DIST = fileURLToPath(new URL('../../../web/dist', import.meta.url));

/** The dashboard's own pages; everything else that is not a file or an API route is not ours. */
const APP_ROUTES = ['/', '/login', '/auth/verify'];
/** Pages are not part of the API document. */
const page = { schema: { hide: true } };

export async function registerWebApp(app: FastifyInstance, webDist: string): Promise<void> {
  // The verify page's URL holds a sign-in token: never send it on as a referrer.
  app.addHook('onSend', async (request, reply) => {
    if (request.url.startsWith('/auth/verify')) void reply.header('referrer-policy', 'no-referrer');
  });
  const index = join(webDist, 'index.html');
  if (!existsSync(index)) {
    app.log.warn(
      { webDist },
      'the web UI is not built (npm run build -w web); the API still answers',
    );
    for (const url of APP_ROUTES) {
      app.get(url, page, (_request, reply) =>
        reply
          .code(503)
          .type('text/html; charset=utf-8')
          .send(
            '<!doctype html><title>spawner</title><p>The web UI is not built. Run <code>npm run build</code>.</p>',
          ),
      );
    }
    return;
  }
  // wildcard: false serves exactly the files present at start (a built bundle), so no catch-all
  // route competes with the API or the users' paths.
  await app.register(fastifyStatic, {
    root: webDist,
    wildcard: false,
    index: false,
    cacheControl: false,
    setHeaders(res, path) {
      const immutable = path.includes(`${join(webDist, 'assets')}`);
      res.setHeader(
        'cache-control',
        immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
      );
    },
  });
  for (const url of APP_ROUTES) {
    app.get(url, page, (_request, reply) =>
      reply.header('cache-control', 'no-cache').sendFile('index.html'),
    );
  }
}
