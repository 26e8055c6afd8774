import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * Whether a request may read the metrics: with a token set, only one bearing it
 * (`Authorization: Bearer …`, compared in constant time); with none, any (the separate
 * listener's own port is then the guard).
 */
export function mayReadMetrics(
  authorization: string | undefined,
  token: string | undefined,
): boolean {
  if (token === undefined) return true;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
  if (!match) return false;
  // Digests have one length, so comparing them tells nothing of the token's.
  return timingSafeEqual(digest(match[1]!), digest(token));
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}

export const METRICS_PATH = '/metrics';

/** The body of a refused scrape, in the API's error shape. */
export const METRICS_REFUSAL = {
  error: 'unauthenticated',
  message: 'Send the metrics token: Authorization: Bearer <METRICS_TOKEN>.',
} as const;
