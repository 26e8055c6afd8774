import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { Cleanup } from '../proxy/support.js';

const run = promisify(execFile);

/**
 * A database of its own in the PostgreSQL cluster `adminUrl` points at (TEST_POSTGRES_URL),
 * dropped at cleanup (its connections closed first). Returns its URL. Through Debian's `psql`,
 * like wrk and nginx a tool of the machine, so the benchmarks need no database client package.
 */
export async function temporaryDatabase(
  cleanup: Cleanup,
  adminUrl: string,
  name: string,
): Promise<string> {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`not a plain database name: ${name}`);
  await psql(adminUrl, `CREATE DATABASE ${name}`);
  cleanup.add(`drop database ${name}`, () =>
    psql(adminUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  );
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

async function psql(url: string, statement: string): Promise<void> {
  await run('psql', [url, '-X', '-q', '-v', 'ON_ERROR_STOP=1', '-c', statement]);
}
