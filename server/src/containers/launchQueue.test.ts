import { afterEach, describe, expect, it } from 'vitest';
import { LocalCluster, LocalHub } from '../cluster/localCluster.js';
import { openDatabase, type Db } from '../db/database.js';
import { eventually } from '../testing/eventually.js';
import { silentLog } from '../testing/fakePlatform.js';
import { TEST_PRESENCE, agePresence, sharedQueues } from '../testing/replicas.js';
import { launchQueueContract } from './launchQueue.contract.js';
import { MemoryLaunchQueue, type LaunchQueue } from './launchQueue.js';
import { ReplicaPresence } from './replicaPresence.js';
import { SharedLaunchQueue } from './sharedLaunchQueue.js';

launchQueueContract('memory', (capacity) => {
  const queue = new MemoryLaunchQueue(capacity);
  return Promise.resolve({ replicas: [queue, queue], close: () => Promise.resolve() });
});

/** The shared queue on an in-memory SQLite store, two cluster members playing the replicas. */
async function sharedOnSqlite(capacity: number) {
  const db = await openDatabase({ kind: 'sqlite', path: ':memory:' });
  const hub = new LocalHub();
  const clusters: [LocalCluster, LocalCluster] = [new LocalCluster(hub), new LocalCluster(hub)];
  const queues = await sharedQueues(db, clusters, capacity);
  return {
    ...queues,
    db,
    async close() {
      await queues.close();
      for (const cluster of clusters) await cluster.close();
      await db.destroy();
    },
  };
}

launchQueueContract('shared, on SQLite', sharedOnSqlite);

describe('MemoryLaunchQueue', () => {
  it('tells a place in line and gives a turn in the same tick as the change', async () => {
    const queue = new MemoryLaunchQueue(1);
    const first = await queue.acquire(() => undefined);
    const heard: number[] = [];
    let started = false;
    void queue.acquire((p) => heard.push(p)).then(() => (started = true));
    expect(heard).toEqual([1]);
    expect(queue.length).toBe(1);
    first();
    await new Promise((resolve) => setImmediate(resolve));
    expect(started).toBe(true);
    expect(queue.running).toBe(1);
  });

  it('refuses a capacity below one', () => {
    expect(() => new MemoryLaunchQueue(0)).toThrow(RangeError);
  });
});

describe('SharedLaunchQueue', () => {
  let db: Db | undefined;
  afterEach(async () => {
    await db?.destroy();
    db = undefined;
  });

  const replica = (store: Db, name: string, cluster: LocalCluster) => {
    const presence = new ReplicaPresence({
      db: store,
      replicaId: name,
      log: silentLog,
      times: TEST_PRESENCE,
    });
    const queue = new SharedLaunchQueue(1, {
      db: store,
      cluster,
      presence,
      log: silentLog,
      pollMs: 100,
    });
    return { presence, queue };
  };

  it('refuses a capacity below one', async () => {
    db = await openDatabase({ kind: 'sqlite', path: ':memory:' });
    const { presence } = replica(db, 'r1', new LocalCluster());
    const deps = { db, cluster: new LocalCluster(), presence, log: silentLog };
    expect(() => new SharedLaunchQueue(0, deps)).toThrow(RangeError);
  });

  it("a dead replica's turns stop counting once its heartbeat is old", async () => {
    db = await openDatabase({ kind: 'sqlite', path: ':memory:' });
    const hub = new LocalHub();
    // The doomed replica beats once and never again.
    const doomed = replica(db, 'doomed', new LocalCluster(hub));
    await doomed.presence.beat();
    const survivor = replica(db, 'survivor', new LocalCluster(hub));
    await survivor.presence.start();
    await doomed.queue.acquire(() => undefined);
    const heard: number[] = [];
    let started = false;
    void survivor.queue.acquire((p) => heard.push(p)).then(() => (started = true));
    await eventually(() => heard.length > 0);
    expect(heard).toEqual([1]);
    expect(started).toBe(false);
    await agePresence(db, 'doomed');
    await eventually(() => started, 10_000);
    expect(await ticketsOf(db, 'doomed')).toBe(0);
    doomed.queue.close();
    survivor.queue.close();
    await survivor.presence.close();
  });
});

describe('SharedLaunchQueue, its ticket lost', () => {
  it('a waiter whose ticket was purged takes a new one at the back instead of waiting for nothing', async () => {
    const t = await sharedOnSqlite(1);
    try {
      const [a, b] = t.replicas;
      const first = await a.acquire(() => undefined);
      const heard: number[] = [];
      let started = false;
      void b.acquire((p) => heard.push(p)).then(() => (started = true));
      await eventually(() => heard.length > 0);
      const later = enqueueOn(a);
      await eventually(() => later.heard.length > 0);
      // As a purge does when this replica's heartbeat was late.
      await t.db
        .deleteFrom('launch_tickets')
        .where('replica_id', '=', t.presences[1].replicaId)
        .execute();
      await eventually(() => heard.length > 1 && later.heard.length > 1);
      expect(heard).toEqual([1, 2]);
      expect(later.heard).toEqual([2, 1]);
      first();
      await eventually(() => later.started);
      expect(started).toBe(false);
    } finally {
      await t.close();
    }
  });
});

function enqueueOn(queue: LaunchQueue) {
  const launch = { heard: [] as number[], started: false };
  void queue.acquire((p) => launch.heard.push(p)).then(() => (launch.started = true));
  return launch;
}

async function ticketsOf(db: Db, replicaId: string): Promise<number> {
  const rows = await db
    .selectFrom('launch_tickets')
    .select('id')
    .where('replica_id', '=', replicaId)
    .execute();
  return rows.length;
}
