import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { RateLimitedError } from '../errors.js';

const WINDOW_SECONDS = 15 * 60;

/** Limits sign-in mails per address and per client IP, each over a 15-minute window. */
export class MagicLinkRateLimit {
  private readonly perEmail: RateLimiterMemory;
  private readonly perIp: RateLimiterMemory;

  constructor(limits: { magicLinkPerEmail: number; magicLinkPerIp: number }) {
    this.perEmail = new RateLimiterMemory({
      points: limits.magicLinkPerEmail,
      duration: WINDOW_SECONDS,
    });
    this.perIp = new RateLimiterMemory({ points: limits.magicLinkPerIp, duration: WINDOW_SECONDS });
  }

  /** Counts one request; throws RateLimitedError when either budget is spent. */
  async consume(email: string, ip: string): Promise<void> {
    try {
      await this.perIp.consume(ip);
      await this.perEmail.consume(email);
    } catch (err) {
      if (err instanceof RateLimiterRes)
        throw new RateLimitedError(Math.max(1, Math.ceil(err.msBeforeNext / 1000)));
      throw err;
    }
  }
}
