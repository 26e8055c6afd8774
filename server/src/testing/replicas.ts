import type { Cluster } from '../cluster/cluster.js';
import type { QueueUnderTest } from '../containers/launchQueue.contract.js';
import { ReplicaPresence, type PresenceTimes } from '../containers/replicaPresence.js';
import { SharedLaunchQueue } from '../containers/sharedLaunchQueue.js';
import type { Db } from '../db/database.js';
import { silentLog } from './fakePlatform.js';

/**
 * Quick beats, so that a dead replica's rows are purged at once; a timeout long enough that no
 * replica of a busy test machine is taken for dead (a test kills one with `agePresence`).
 */
export const TEST_PRESENCE: PresenceTimes = { beatMs: 100, timeoutMs: 10_000 };

/** Makes the replica's heartbeat old, as if it had died then: a `kill -9` as the store sees it. */
export async function agePresence(db: Db, replicaId: string): Promise<void> {
  await db
    .updateTable('replicas')
    .set({ seen_at: new Date(0).toISOString() })
    .where('replica_id', '=', replicaId)
    .execute();
}

/**
 * Two replicas' shared launch queues on one store, each with its own member of the cluster and
 * its own heartbeat (the second replica's beats also purge what a dead first one left).
 */
export async function sharedQueues(
  db: Db,
  clusters: [Cluster, Cluster],
  capacity: number,
  /** false: the first replica beats once only, so that `agePresence` can kill it for good. */
  firstBeats = true,
): Promise<QueueUnderTest & { presences: [ReplicaPresence, ReplicaPresence] }> {
  const presences = clusters.map(
    (cluster) =>
      new ReplicaPresence({
        db,
        replicaId: cluster.replicaId,
        log: silentLog,
        times: TEST_PRESENCE,
      }),
  ) as [ReplicaPresence, ReplicaPresence];
  if (firstBeats) await presences[0].start();
  else await presences[0].beat();
  await presences[1].start();
  const queue = (at: 0 | 1) =>
    new SharedLaunchQueue(capacity, {
      db,
      cluster: clusters[at],
      presence: presences[at],
      log: silentLog,
      pollMs: 200,
    });
  const replicas: [SharedLaunchQueue, SharedLaunchQueue] = [queue(0), queue(1)];
  return {
    replicas,
    presences,
    async close() {
      for (const replica of replicas) replica.close();
      for (const presence of presences) await presence.close();
    },
  };
}
