import pg from 'pg';

/**
 * A pool of connections to PostgreSQL. An idle connection that breaks (PostgreSQL restarted,
 * an administrator ended it) is dropped by the pool, and the next query opens a new one; but
 * the pool also emits the error, and without a listener that would end the whole process.
 */
export function createPgPool(connectionString: string, max: number): pg.Pool {
  const pool = new pg.Pool({ connectionString, max });
  pool.on('error', () => undefined);
  return pool;
}
