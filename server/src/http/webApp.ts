import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { dashboardPageHeaders } from './securityHeaders.js';

/** Where `npm run build -w web` puts the dashboard, from server/src/http or server/dist/http alike. */
export const DEFAULT_WEB_DIST = fileURLToPath(new URL('../../../web/dist', import.meta.url));

/** The dashboard's own pages; everything else that is not a file or an API route is not ours. */
const APP_ROUTES = [
  '/',
  '/login',
  '/auth/verify',
  // The admin console and its tabs (web/src/routing/adminRoutes.tsx).
  '/admin',
  '/admin/users',
  '/admin/containers',
  '/admin/audit',
];

/**
 * Serves the dashboard: its pages, with a per-answer script nonce, and the built files. (The
 * verify page's URL holds a sign-in token; the no-referrer policy of every answer keeps it.)
 */
export async function registerWebApp(
  app: FastifyInstance,
  webDist: string,
  options: { https: boolean },
): Promise<void> {
  // Pages are not part of the API document.
  const page = { schema: { hide: true }, helmet: dashboardPageHeaders(options) };
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
  const html = readFileSync(index, 'utf8');
  for (const url of APP_ROUTES) {
    app.get(url, page, (_request, reply) =>
      reply
        .header('cache-control', 'no-cache')
        .type('text/html; charset=utf-8')
        .send(withScriptNonce(html, reply.cspNonce.script)),
    );
  }
}

/**
 * The page with the nonce on every script and module preload, and in the `csp-nonce` meta that
 * Vite's loader reads for the tags it adds at run time.
 */
function withScriptNonce(html: string, nonce: string): string {
  return html
    .replace(/<script\b/g, `<script nonce="${nonce}"`)
    .replace(/<link\b(?=[^>]*\brel="modulepreload")/g, `<link nonce="${nonce}"`)
    .replace(/<head>/, `<head><meta property="csp-nonce" nonce="${nonce}" />`);
}
