import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import type { RateLimits } from '../config.js';
import { RateLimitedError } from '../errors.js';

const WINDOW_SECONDS = 15 * 60;

/**
 * Limits sign-in mails over a 15-minute window: per client IP, per (address, IP), and per address
 * overall. Keying the small per-address budget by IP as well means requests from other places
 * spend their own budget, not the person's: locking a person out takes the much larger overall
 * cap, spread over many addresses of the attacker's, each of which spends its per-IP budget too.
 */
export class MagicLinkRateLimit {
  private readonly perIp: RateLimiterMemory;
  private readonly perEmailAndIp: RateLimiterMemory;
  private readonly perEmailTotal: RateLimiterMemory;

  constructor(limits: RateLimits) {
    const limiter = (points: number) => new RateLimiterMemory({ points, duration: WINDOW_SECONDS });
    this.perIp = limiter(limits.magicLinkPerIp);
    this.perEmailAndIp = limiter(limits.magicLinkPerEmail);
    this.perEmailTotal = limiter(limits.magicLinkPerEmailTotal);
  }

  /** Counts one request; throws RateLimitedError when any budget is spent. */
  async consume(email: string, ip: string): Promise<void> {
    try {
      await this.perIp.consume(ip);
      // JSON of the pair: no address or IP can make its key look like another pair's.
      await this.perEmailAndIp.consume(JSON.stringify([email, ip]));
      await this.perEmailTotal.consume(email);
    } catch (err) {
      if (err instanceof RateLimiterRes)
        throw new RateLimitedError(Math.max(1, Math.ceil(err.msBeforeNext / 1000)));
      throw err;
    }
  }
}
