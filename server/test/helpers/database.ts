import { join } from 'node:path';
import pg from 'pg';

/** The store a test app uses: a SQLite file in its folder, or a fresh PostgreSQL database. */
export async function testDatabase(
  dir: string,
  tag: string,
): Promise<{ url: string; drop(): Promise<void> }> {
  if (process.env.TEST_DATABASE !== 'postgres')
    return { url: join(dir, 'spawner.db'), drop: () => Promise.resolve() };
  const admin = postgresAdminUrl();
  const name = `spawner_test_${tag}`;
  await withClient(admin, (c) => c.query(`CREATE DATABASE ${name}`));
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return {
    url: url.href,
    drop: () =>
      withClient(admin, (c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(
        () => undefined,
      ),
  };
}

export function postgresAdminUrl(): string {
  const url = process.env.TEST_POSTGRES_URL;
  if (!url)
    throw new Error(
      'TEST_POSTGRES_URL is not set. Run the tests with `npm test`, which starts PostgreSQL.',
    );
  return url;
}

async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export async function pingPostgres(): Promise<void> {
  await withClient(postgresAdminUrl(), (c) => c.query('SELECT 1'));
}
