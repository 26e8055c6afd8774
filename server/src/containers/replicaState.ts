import type { Logger } from 'pino';
import type { Cluster } from '../cluster/cluster.js';
import type { Config } from '../config.js';
import type { Db } from '../db/database.js';
import { MeasuredLaunchQueue } from '../ops/measuredLaunchQueue.js';
import type { Metrics } from '../ops/metrics.js';
import { ConnectionLeases } from './connectionLeases.js';
import type { ContainerIndex } from './containerIndex.js';
import type { ContainerStore } from './containerStore.js';
import { LastUsedTracker } from './lastUsed.js';
import { MemoryLaunchQueue, type LaunchQueue } from './launchQueue.js';
import { LaunchProgress } from './launchProgress.js';
import { Quotas } from './quotas.js';
import { ReplicaPresence } from './replicaPresence.js';
import { SharedLaunchQueue } from './sharedLaunchQueue.js';

/** The containers' state that every replica of the platform must see alike. */
export interface ReplicaState {
  presence: ReplicaPresence;
  progress: LaunchProgress;
  quotas: Quotas;
  queue: LaunchQueue;
  tracker: LastUsedTracker;
  /** Stops following the others and gives up what this replica holds in the store. */
  close(): Promise<void>;
}

/**
 * Launch progress, places within the quotas, the launch queue and open connections, shared
 * with the other replicas through the store and the cluster. The queue is the store's on
 * PostgreSQL, where replicas may be; a SQLite store has one process, which keeps it in memory.
 */
export async function openReplicaState(deps: {
  config: Config;
  db: Db;
  cluster: Cluster;
  index: ContainerIndex;
  store: ContainerStore;
  metrics: Metrics;
  log: Logger;
}): Promise<ReplicaState> {
  const { config, db, cluster, index, store, metrics, log } = deps;
  const presence = new ReplicaPresence({ db, replicaId: cluster.replicaId, log });
  await presence.start();
  const capacity = config.quotas.maxConcurrentLaunches;
  const queue = new MeasuredLaunchQueue(
    config.database.kind === 'postgres'
      ? new SharedLaunchQueue(capacity, { db, cluster, presence, log })
      : new MemoryLaunchQueue(capacity),
    metrics,
  );
  const progress = new LaunchProgress({ cluster, log });
  const leases = new ConnectionLeases({ db, presence });
  return {
    presence,
    progress,
    quotas: new Quotas({ db, index, cluster, presence, settings: config.quotas, log }),
    queue,
    tracker: new LastUsedTracker({ store, leases, log }),
    async close() {
      progress.close();
      queue.close();
      await presence.close();
    },
  };
}
