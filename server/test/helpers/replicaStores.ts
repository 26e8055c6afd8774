import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Cluster } from '../../src/cluster/cluster.js';
import { LocalCluster, LocalHub } from '../../src/cluster/localCluster.js';
import { PostgresCluster } from '../../src/cluster/postgresCluster.js';
import { openDatabase, type Db } from '../../src/db/database.js';
import { silentLog } from '../../src/testing/fakePlatform.js';
import { testDatabase } from './database.js';

export interface TwoReplicas {
  /** The one store both replicas use. */
  db: Db;
  /** Two replicas' cluster members: PostgreSQL's in the PostgreSQL run, one hub's on SQLite. */
  clusters: [Cluster, Cluster];
  close(): Promise<void>;
}

/**
 * Two replicas of one platform in this process, on the run's store: two PostgreSQL sessions
 * (each replica's cluster) on a fresh database, or, on SQLite, two members of one in-memory hub.
 */
export async function twoReplicas(): Promise<TwoReplicas> {
  const dir = mkdtempSync(join(tmpdir(), 'spawner-replicas-'));
  const database = await testDatabase(dir, `rs${randomBytes(3).toString('hex')}`);
  const postgres = process.env.TEST_DATABASE === 'postgres';
  const db = await openDatabase(
    postgres ? { kind: 'postgres', url: database.url } : { kind: 'sqlite', path: database.url },
  );
  const join2 = async (hub: LocalHub): Promise<Cluster> =>
    postgres
      ? PostgresCluster.open({ url: database.url, log: silentLog, lead: false })
      : new LocalCluster(hub);
  const hub = new LocalHub();
  const clusters: [Cluster, Cluster] = [await join2(hub), await join2(hub)];
  return {
    db,
    clusters,
    async close() {
      for (const cluster of clusters) await cluster.close();
      await db.destroy();
      await database.drop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
