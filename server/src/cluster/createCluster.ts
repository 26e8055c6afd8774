import type { Logger } from 'pino';
import type { Config } from '../config.js';
import type { Cluster, ClusterChannel } from './cluster.js';
import { LocalCluster } from './localCluster.js';
import { PostgresCluster } from './postgresCluster.js';

export interface ClusterOptions {
  /** Whether this process may run the platform-wide jobs (the operator's one-off CLI may not). */
  lead: boolean;
  /** Called for each message from another replica, once it has been handled. */
  onReceived?: (channel: ClusterChannel) => void;
}

/**
 * The cluster the store allows: replicas share PostgreSQL, so they coordinate through it;
 * SQLite is one process's file, so one process is all there is.
 */
export function createCluster(
  database: Config['database'],
  log: Logger,
  options: ClusterOptions,
): Promise<Cluster> {
  if (database.kind === 'postgres')
    return PostgresCluster.open({ url: database.url, log, ...options });
  return Promise.resolve(new LocalCluster());
}
