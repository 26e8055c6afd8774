import { RateLimitedError } from '../errors.js';
import type { MagicLinkRateLimit } from '../auth/rateLimit.js';

/** Whether one more sign-in request for this address from this IP is let through. */
export async function passes(
  limit: MagicLinkRateLimit,
  email: string,
  ip: string,
): Promise<boolean> {
  try {
    await limit.consume(email, ip);
    return true;
  } catch (err) {
    if (err instanceof RateLimitedError) return false;
    throw err;
  }
}
