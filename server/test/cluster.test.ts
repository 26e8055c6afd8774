import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import { pino } from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import type { Cluster } from '../src/cluster/cluster.js';
import {
  clusterContract,
  memoryPlatform,
  type ClusterUnderTest,
} from '../src/cluster/cluster.contract.js';
import { sessionQuery } from '../src/cluster/pgSession.js';
import { PostgresCluster, sessionName } from '../src/cluster/postgresCluster.js';
import { SessionService } from '../src/auth/sessions.js';
import { openDatabase } from '../src/db/database.js';
import { UserStore } from '../src/users/userStore.js';
import { eventually } from '../src/testing/eventually.js';
import { testDatabase } from './helpers/database.js';

const postgres = process.env.TEST_DATABASE === 'postgres';

/** A logger that keeps what it writes, to show what an operator would read. */
function recordingLog() {
  type Line = { level: number; msg: string; keys?: string[] };
  const lines: Line[] = [];
  const log = pino(
    { level: 'info' },
    { write: (line: string) => lines.push(JSON.parse(line) as Line) },
  );
  return { log, lines };
}

/** One database for the file; each test's members are new replicas on it. */
const database = postgres
  ? testDatabase(
      mkdtempSync(join(tmpdir(), 'spawner-cluster-')),
      `cl${randomBytes(3).toString('hex')}`,
    )
  : undefined;
afterAll(async () => {
  await (await database)?.drop();
});

async function withAdmin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: (await database)?.url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Ends a replica's session from outside, as a dead process or a restarted server would. */
async function terminate(member: Cluster): Promise<void> {
  const { rowCount } = await withAdmin((c) =>
    c.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1', [
      sessionName(member.replicaId),
    ]),
  );
  expect(rowCount).toBe(1);
}

async function postgresPlatform(log = pino({ level: 'silent' })): Promise<ClusterUnderTest> {
  const { url } = (await database) ?? { url: '' };
  const members: Cluster[] = [];
  return {
    async join() {
      // A crashed member comes back long after the other has taken over, never before.
      const member = await PostgresCluster.open({
        url,
        log,
        leaderCheckMs: 100,
        rejoinAfterMs: 60_000,
      });
      members.push(member);
      return member;
    },
    crash: terminate,
    async close() {
      for (const member of members) await member.close();
    },
  };
}

// The SQLite project has no PostgreSQL: there the platform is one process, held in memory.
if (postgres) {
  clusterContract('PostgreSQL', () => postgresPlatform());

  describe('PostgresCluster', () => {
    it('tells of tasks whose key went with a broken session, and serves again after it', async () => {
      const { log, lines } = recordingLog();
      const platform = await postgresPlatform(log);
      try {
        const a = await platform.join();
        const b = await platform.join();
        let letGo!: () => void;
        const holding = new Promise<void>((resolve) => (letGo = resolve));
        let entered!: () => void;
        const inside = new Promise<void>((resolve) => (entered = resolve));
        const first = a.withLock('user-9/app', async () => {
          entered();
          await holding;
        });
        await inside;
        await terminate(a);
        // The key went with a's session: b gets it while a's task still runs.
        await b.withLock('user-9/app', () => Promise.resolve());
        letGo();
        await first;
        expect(lines.some((l) => l.level === 50 && l.keys?.includes('user-9/app'))).toBe(true);
        // a has a new session and takes keys on it again, excluding b as before.
        await eventually(async () => {
          await a.withLock('user-9/app', () => Promise.resolve());
          return true;
        }, 10_000);
        const arrived = new Promise<unknown>((resolve) => b.subscribe('queue', resolve));
        await eventually(async () => {
          await a.publish('queue', { after: 'reconnect' }).catch(() => undefined);
          return true;
        }, 10_000);
        await expect(arrived).resolves.toEqual({ after: 'reconnect' });
      } finally {
        await platform.close();
      }
    });

    it('sends the queries of its session one at a time, in the order asked', async () => {
      // pg deprecates a query sent while another runs on the client (pg 9 refuses it).
      const warnings: string[] = [];
      const onWarning = (warning: Error) => warnings.push(warning.message);
      process.on('warning', onWarning);
      const client = new pg.Client({ connectionString: (await database)?.url });
      await client.connect();
      try {
        const answers = await Promise.all(
          [1, 2, 3].map((n) =>
            sessionQuery<{ n: number }>(client, 'SELECT $1::int AS n, pg_sleep(0.02)', [n]),
          ),
        );
        expect(answers.map((answer) => answer.rows[0]?.n)).toEqual([1, 2, 3]);
        await new Promise((resolve) => setImmediate(resolve)); // warnings come a tick later
        expect(warnings.filter((w) => w.includes('already executing a query'))).toEqual([]);
      } finally {
        process.off('warning', onWarning);
        await client.end();
      }
    });

    it('drops a notification that is not a cluster message, and delivers the next', async () => {
      const { log, lines } = recordingLog();
      const platform = await postgresPlatform(log);
      try {
        const a = await platform.join();
        const received: unknown[] = [];
        const good = new Promise<void>((resolve) =>
          a.subscribe('sessions', (m) => {
            received.push(m);
            resolve();
          }),
        );
        await withAdmin(async (c) => {
          await c.query(`SELECT pg_notify('spawner_sessions', 'not json')`);
          await c.query(`SELECT pg_notify('spawner_sessions', '{"message": 1}')`);
          const message = JSON.stringify({ from: 'another', message: { hash: 'h' } });
          await c.query(`SELECT pg_notify('spawner_sessions', $1)`, [message]);
        });
        await good;
        expect(received).toEqual([{ hash: 'h' }]);
        expect(lines.filter((l) => l.msg.includes('not a cluster message'))).toHaveLength(2);
      } finally {
        await platform.close();
      }
    });

    it('carries a sign-out to the other replica’s sessions, counted once handled', async () => {
      const { url } = (await database) ?? { url: '' };
      const log = pino({ level: 'silent' });
      const db = await openDatabase({ kind: 'postgres', url });
      let handled!: () => void;
      const counted = new Promise<void>((resolve) => (handled = resolve));
      const a = await PostgresCluster.open({ url, log, lead: false });
      const b = await PostgresCluster.open({ url, log, lead: false, onReceived: () => handled() });
      try {
        const here = new SessionService(db, { cluster: a, log });
        const there = new SessionService(db, { cluster: b, log });
        const user = await new UserStore(db).findOrCreate('replica@example.com');
        const token = await here.create(user.id);
        expect((await there.resolve(token))?.id).toBe(user.id);
        await here.revoke(token);
        // What the metric counts: the other replica has acted on the message by now.
        await counted;
        expect(await there.resolve(token)).toBeUndefined();
      } finally {
        await a.close();
        await b.close();
        await db.destroy();
      }
    });

    it('leads again after its session broke, when no other replica took over', async () => {
      const { url } = (await database) ?? { url: '' };
      const log = pino({ level: 'silent' });
      const alone = await PostgresCluster.open({
        url,
        log,
        leaderCheckMs: 100,
        rejoinAfterMs: 200,
      });
      try {
        await eventually(() => alone.isLeader(), 10_000);
        await terminate(alone);
        await eventually(() => !alone.isLeader(), 10_000);
        await eventually(() => alone.isLeader(), 10_000);
      } finally {
        await alone.close();
      }
    });

    it('never leads when told not to (the operator CLI)', async () => {
      const { url } = (await database) ?? { url: '' };
      const log = pino({ level: 'silent' });
      const follower = await PostgresCluster.open({ url, log, lead: false, leaderCheckMs: 100 });
      const leader = await PostgresCluster.open({ url, log, leaderCheckMs: 100 });
      try {
        await eventually(() => leader.isLeader(), 10_000);
        await leader.close();
        // With the only candidate gone, the leadership is free: a new candidate takes it.
        const next = await PostgresCluster.open({ url, log, leaderCheckMs: 100 });
        await eventually(() => next.isLeader(), 10_000);
        expect(follower.isLeader()).toBe(false);
        await next.close();
      } finally {
        await follower.close();
      }
    });
  });

  describe("the store's pool", () => {
    it('outlives its idle connections being ended, and opens new ones', async () => {
      const db = await openDatabase({ kind: 'postgres', url: (await database)!.url });
      try {
        await sql`SELECT 1`.execute(db); // leaves an idle connection in the pool
        // As a restart of PostgreSQL would; an unheard error of the pool would end the process.
        const ended = await withAdmin((c) =>
          c.query(
            'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()',
          ),
        );
        expect(ended.rowCount).toBeGreaterThan(0);
        await eventually(
          () =>
            sql`SELECT 1`.execute(db).then(
              () => true,
              () => false,
            ),
          10_000,
        );
      } finally {
        await db.destroy();
      }
    });
  });
} else {
  clusterContract('memory (SQLite: one process)', memoryPlatform);
}
