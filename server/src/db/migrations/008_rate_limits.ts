import type { Kysely } from 'kysely';
import type { Dialect } from '../dialect.js';

/** The table every replica's sign-in budgets share (rateLimit.ts). */
export const RATE_LIMIT_TABLE = 'spawner_rate_limits';

/**
 * Sign-in budgets shared by the replicas, in the layout `rate-limiter-flexible`'s
 * RateLimiterPostgres reads (it is told the table exists, so it never creates one itself). The
 * key is `text`, not the library's `varchar(255)`: an address and a client address together can
 * be longer. SQLite serves one process, whose budgets stay in its memory: no table there.
 */
export function rateLimits(dialect: Dialect) {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      if (dialect !== 'postgres') return;
      await db.schema
        .createTable(RATE_LIMIT_TABLE)
        .addColumn('key', 'text', (c) => c.primaryKey())
        .addColumn('points', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('expire', 'bigint')
        .execute();
      await db.schema
        .createIndex(`${RATE_LIMIT_TABLE}_expire`)
        .on(RATE_LIMIT_TABLE)
        .column('expire')
        .execute();
    },
  };
}
