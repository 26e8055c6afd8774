import type pg from 'pg';
import {
  RateLimiterMemory,
  RateLimiterPostgres,
  RateLimiterRes,
  type RateLimiterAbstract,
} from 'rate-limiter-flexible';
import type { RateLimits } from '../config.js';
import { RATE_LIMIT_TABLE } from '../db/migrations/008_rate_limits.js';
import { createPgPool } from '../db/pgPool.js';
import { RateLimitedError } from '../errors.js';

const WINDOW_SECONDS = 15 * 60;

/**
 * Limits sign-in mails over a 15-minute window: per client IP, per (address, IP), and per address
 * overall. Keying the small per-address budget by IP as well means requests from other places
 * spend their own budget, not the person's: locking a person out takes the much larger overall
 * cap, spread over many addresses of the attacker's, each of which spends its per-IP budget too.
 *
 * One process keeps the budgets in memory; replicas on PostgreSQL keep them in one table, so
 * that a client spends one budget whichever replica answers it.
 */
export class MagicLinkRateLimit {
  private readonly perIp: RateLimiterAbstract;
  private readonly perEmailAndIp: RateLimiterAbstract;
  private readonly perEmailTotal: RateLimiterAbstract;
  /** The shared table's connections; undefined in memory. */
  private readonly pool: pg.Pool | undefined;

  /** In memory, or in PostgreSQL's shared table when its URL is given (migration 008 made it). */
  constructor(limits: RateLimits, postgresUrl?: string) {
    const pool = postgresUrl ? createPgPool(postgresUrl, 4) : undefined;
    const limiter = (name: string, points: number): RateLimiterAbstract =>
      pool
        ? new RateLimiterPostgres({
            storeClient: pool,
            storeType: 'pool',
            tableName: RATE_LIMIT_TABLE,
            tableCreated: true,
            // The leader's purge job deletes spent rows; not a timer per limiter per replica.
            clearExpiredByTimeout: false,
            keyPrefix: `magic_link_${name}`,
            points,
            duration: WINDOW_SECONDS,
          })
        : new RateLimiterMemory({ points, duration: WINDOW_SECONDS });
    this.pool = pool;
    this.perIp = limiter('ip', limits.magicLinkPerIp);
    this.perEmailAndIp = limiter('email_ip', limits.magicLinkPerEmail);
    this.perEmailTotal = limiter('email', limits.magicLinkPerEmailTotal);
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

  /** Deletes the shared rows whose window has passed (memory forgets by itself). */
  async purgeExpired(): Promise<void> {
    await this.pool?.query(`DELETE FROM ${RATE_LIMIT_TABLE} WHERE expire < $1`, [Date.now()]);
  }

  async close(): Promise<void> {
    await this.pool?.end();
  }
}
