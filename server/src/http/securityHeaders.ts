import fastifyHelmet, { type FastifyHelmetOptions } from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';

/**
 * Answers that are data (the API, assets): nothing in them may run, load or be framed. A JSON
 * answer opened as a page gets no script, style or frame from anywhere.
 */
const DATA_DIRECTIVES = {
  'default-src': ["'none'"],
  'base-uri': ["'none'"],
  'form-action': ["'none'"],
  'frame-ancestors': ["'none'"],
};

/**
 * Security headers for spawner's own answers (dashboard, API, API reference), through helmet.
 * Proxied answers of users' apps never pass here: the proxy takes those requests before Fastify
 * sees them, and the apps own their headers. HSTS only when PUBLIC_URL is https (a plain-HTTP
 * setup must stay reachable), and for this host alone: spawner does not decide for the domain's
 * other hosts.
 */
export async function registerSecurityHeaders(
  app: FastifyInstance,
  options: { https: boolean },
): Promise<void> {
  await app.register(fastifyHelmet, {
    global: true,
    contentSecurityPolicy: { useDefaults: false, directives: DATA_DIRECTIVES },
    frameguard: { action: 'deny' },
    // Sign-in links carry their token in the URL: no page of spawner's sends its URL on.
    referrerPolicy: { policy: 'no-referrer' },
    strictTransportSecurity: options.https
      ? { maxAge: 365 * 24 * 60 * 60, includeSubDomains: false }
      : false,
  });
}

/**
 * The dashboard's pages. Scripts run only with this answer's nonce, not from `'self'`: in path
 * mode users' apps share the origin, so `'self'` would admit a script any app serves. Styles come
 * from spawner's origin (the built stylesheet; React sets element styles through the DOM, which
 * CSP does not restrict).
 */
export function dashboardPageHeaders(options: {
  https: boolean;
}): Omit<FastifyHelmetOptions, 'global'> {
  return {
    enableCSPNonces: true,
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        'default-src': ["'self'"],
        'script-src': [], // the answer's nonce is added per request
        'style-src': ["'self'"],
        'img-src': ["'self'", 'data:'],
        'font-src': ["'self'"],
        'connect-src': ["'self'"],
        'object-src': ["'none'"],
        'base-uri': ["'none'"],
        'form-action': ["'self'"],
        'frame-ancestors': ["'none'"],
        ...(options.https ? { 'upgrade-insecure-requests': [] } : {}),
      },
    },
  };
}

/**
 * The API reference (Swagger UI): its own scripts and stylesheets from spawner, and the inline
 * styles Swagger UI renders. It holds no secret of its own and is never framed.
 */
export const API_REFERENCE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');
