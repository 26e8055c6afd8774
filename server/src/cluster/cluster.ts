/**
 * What the spawner processes ("replicas") serving one store share beyond the store's rows:
 * locks, the leadership of platform-wide jobs, and messages. A single process (SQLite, the
 * default) needs nothing but memory: `LocalCluster`. Replicas on PostgreSQL get the same from
 * PostgreSQL itself (advisory locks, LISTEN/NOTIFY): `PostgresCluster`. Both pass one contract
 * suite (`cluster.contract.ts`).
 */
export interface Cluster {
  /** This process among the replicas, for logs and for rows that say who holds what. */
  readonly replicaId: string;

  /**
   * Runs `task` while no process of the platform runs a task on the same key, in the order the
   * processes asked (within one process, first come first served). A process that dies lets go
   * of its keys at once (its connection ends), so a crash never leaves a key held.
   */
  withLock<T>(key: string, task: () => Promise<T>): Promise<T>;

  /**
   * Whether this process runs the platform-wide jobs now (idle stop, purges, audit retention).
   * Exactly one live process is the leader; when it dies another takes over within a few seconds.
   */
  isLeader(): boolean;

  /**
   * Sends a message to every other process of the platform (not back to this one: the sender
   * acts on its own news directly). Delivery is at most once and in order per sender; a
   * message is at most `MAX_MESSAGE_BYTES` of JSON.
   */
  publish(channel: ClusterChannel, message: unknown): Promise<void>;

  /** Calls `handler` with each message other processes send on the channel; returns the unsubscribe. */
  subscribe(channel: ClusterChannel, handler: (message: unknown) => void): () => void;

  /** Lets go of every key and the leadership, and stops listening. */
  close(): Promise<void>;
}

/**
 * Every channel there is, so that no two features share one by accident. Messages are checked
 * by their receiver (zod): another replica may run another version during an upgrade.
 */
export type ClusterChannel =
  /** A session or every session of a user ended, or a user's account changed. */
  | 'sessions'
  /** A launch's progress event, for watchers on other replicas. */
  | 'progress'
  /** The shared launch queue moved: waiters look again. */
  | 'queue'
  /** A user's container rows changed: other replicas drop their cached copies. */
  | 'containers';

/** PostgreSQL's NOTIFY payload limit is 8,000 bytes; leave room for the envelope. */
export const MAX_MESSAGE_BYTES = 7000;
