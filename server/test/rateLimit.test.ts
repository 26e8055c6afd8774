import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MagicLinkRateLimit } from '../src/auth/rateLimit.js';
import { openDatabase, type Db } from '../src/db/database.js';
import { passes } from '../src/testing/budgets.js';
import { testDatabase } from './helpers/database.js';

const postgres = process.env.TEST_DATABASE === 'postgres';
const limits = { magicLinkPerEmail: 3, magicLinkPerEmailTotal: 5, magicLinkPerIp: 100 };

let database: { url: string; drop(): Promise<void> };
let db: Db;
/** Two replicas' limits on one store; with SQLite the platform is one process, so one limit. */
let replicas: [MagicLinkRateLimit, MagicLinkRateLimit];

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'spawner-rl-'));
  database = await testDatabase(dir, `rl${randomBytes(3).toString('hex')}`);
  const settings = postgres
    ? ({ kind: 'postgres', url: database.url } as const)
    : ({ kind: 'sqlite', path: database.url } as const);
  db = await openDatabase(settings);
  const url = postgres ? database.url : undefined;
  const first = new MagicLinkRateLimit(limits, url);
  replicas = [first, postgres ? new MagicLinkRateLimit(limits, url) : first];
});
afterAll(async () => {
  for (const limit of new Set(replicas)) await limit.close();
  await db.destroy();
  await database.drop();
});

describe('sign-in budgets across replicas', () => {
  it('spends one budget whichever replica answers', async () => {
    const [a, b] = replicas;
    expect(await passes(a, 'v@x.example', '192.0.2.7')).toBe(true);
    expect(await passes(b, 'v@x.example', '192.0.2.7')).toBe(true);
    expect(await passes(a, 'v@x.example', '192.0.2.7')).toBe(true);
    expect(await passes(b, 'v@x.example', '192.0.2.7')).toBe(false);
    expect(await passes(a, 'v@x.example', '192.0.2.7')).toBe(false);
    // Another client's budget for the same address is its own, up to the address's total.
    expect(await passes(b, 'v@x.example', '192.0.2.8')).toBe(true);
    expect(await passes(a, 'v@x.example', '192.0.2.9')).toBe(true);
    expect(await passes(b, 'v@x.example', '192.0.2.10')).toBe(false);
  });

  it('keeps long keys (an address and a client address together)', async () => {
    const [a, b] = replicas;
    const long = `${'l'.repeat(64)}@${'d'.repeat(180)}.example`;
    const ip = '2001:db8:ffff:ffff:ffff:ffff:ffff:ffff';
    for (let i = 0; i < 3; i++) expect(await passes(i % 2 ? a : b, long, ip)).toBe(true);
    expect(await passes(a, long, ip)).toBe(false);
  });

  if (postgres) {
    it('the purge deletes spent budgets from the shared table', async () => {
      const past = Date.now() - 1000;
      await sql`INSERT INTO spawner_rate_limits VALUES ('old', 1, ${past})`.execute(db);
      await replicas[1].purgeExpired();
      const { rows } = await sql<{ key: string }>`SELECT key FROM spawner_rate_limits`.execute(db);
      expect(rows.map((r) => r.key)).not.toContain('old');
      // The budgets still running stay.
      expect(rows.length).toBeGreaterThan(0);
    });
  } else {
    it('the purge has nothing to do in memory', async () => {
      await expect(replicas[0].purgeExpired()).resolves.toBeUndefined();
    });
  }
});
