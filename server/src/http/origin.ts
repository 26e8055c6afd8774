import type { FastifyRequest } from 'fastify';

const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Whether an unsafe request may come from where it came from. Browsers say where a request
 * started (Sec-Fetch-Site, else Origin); a request that says neither is not from a browser page
 * and cannot carry a victim's cookie on its own, so it passes (curl, API clients).
 */
export function isAllowedOrigin(request: FastifyRequest, publicOrigin: string): boolean {
  if (!UNSAFE_METHODS.has(request.method)) return true;
  const site = request.headers['sec-fetch-site'];
  if (site) return site === 'same-origin' || site === 'none';
  const origin = request.headers.origin;
  if (!origin) return true;
  return origin === publicOrigin || origin === `${request.protocol}://${request.host}`;
}
