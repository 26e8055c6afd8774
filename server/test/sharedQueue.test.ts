import { describe, expect, it } from 'vitest';
import { launchQueueContract } from '../src/containers/launchQueue.contract.js';
import { MemoryLaunchQueue } from '../src/containers/launchQueue.js';
import { eventually } from '../src/testing/eventually.js';
import { agePresence, sharedQueues } from '../src/testing/replicas.js';
import { twoReplicas } from './helpers/replicaStores.js';

const postgres = process.env.TEST_DATABASE === 'postgres';

/** The queue the run's store gets: shared by the replicas on PostgreSQL, one process's on SQLite. */
async function queueOfTheStore(capacity: number) {
  if (!postgres) {
    const queue = new MemoryLaunchQueue(capacity);
    return {
      replicas: [queue, queue] as [MemoryLaunchQueue, MemoryLaunchQueue],
      close: () => Promise.resolve(),
    };
  }
  const platform = await twoReplicas();
  const queues = await sharedQueues(platform.db, platform.clusters, capacity);
  return {
    ...queues,
    async close() {
      await queues.close();
      await platform.close();
    },
  };
}

launchQueueContract(postgres ? 'shared by two replicas on PostgreSQL' : 'memory', queueOfTheStore);

describe('the launch queue of the store', () => {
  it(
    postgres
      ? "on PostgreSQL, a dead replica's turn stops counting once its heartbeat is old"
      : 'on SQLite, a turn given back goes to the next in line',
    async () => {
      const platform = postgres ? await twoReplicas() : undefined;
      const queues = platform
        ? await sharedQueues(platform.db, platform.clusters, 1, false)
        : await queueOfTheStore(1);
      try {
        const [a, b] = queues.replicas;
        const held = await a.acquire(() => undefined);
        const heard: number[] = [];
        let started = false;
        void b.acquire((p) => heard.push(p)).then(() => (started = true));
        await eventually(() => heard.length > 0);
        expect(heard).toEqual([1]);
        expect(started).toBe(false);
        if (platform) {
          // The first replica dies holding its turn: its queue stops, its heartbeat ages.
          a.close();
          await agePresence(platform.db, platform.clusters[0].replicaId);
        } else {
          held();
        }
        await eventually(() => started, 20_000);
      } finally {
        await queues.close();
        await platform?.close();
      }
    },
  );
});
