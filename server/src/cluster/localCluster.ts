import { KeyedLock } from '../containers/keyedLock.js';
import { MAX_MESSAGE_BYTES, type Cluster, type ClusterChannel } from './cluster.js';
import { ChannelHandlers, checkMessageSize } from './messages.js';

/**
 * What the members of one in-memory platform share: the keys, the line of succession and the
 * handlers. A process on its own store has one member, so it is always the leader and its
 * messages reach nobody; tests put several members on one hub to play replicas.
 */
export class LocalHub {
  readonly lock = new KeyedLock();
  /** In the order they joined: the first is the leader. */
  readonly members: LocalCluster[] = [];
}

/** The cluster of a single process (SQLite, the default): memory is all it needs. */
export class LocalCluster implements Cluster {
  readonly replicaId: string;
  private readonly handlers = new ChannelHandlers();
  private closed = false;

  constructor(private readonly hub = new LocalHub()) {
    this.replicaId = `local-${String(hub.members.length + 1)}`;
    hub.members.push(this);
  }

  withLock<T>(key: string, task: () => Promise<T>): Promise<T> {
    if (this.closed) return Promise.reject(new Error('the cluster is closed'));
    return this.hub.lock.run(key, task);
  }

  isLeader(): boolean {
    return this.hub.members[0] === this;
  }

  // eslint-disable-next-line @typescript-eslint/require-await -- a refusal is a rejection, as elsewhere
  async publish(channel: ClusterChannel, message: unknown): Promise<void> {
    if (this.closed) throw new Error('the cluster is closed');
    checkMessageSize(message, MAX_MESSAGE_BYTES);
    // Through JSON, as between processes: receivers never share the sender's objects.
    const text = JSON.stringify(message);
    for (const member of this.hub.members) {
      if (member !== this) member.deliver(channel, text);
    }
  }

  subscribe(channel: ClusterChannel, handler: (message: unknown) => void): () => void {
    return this.handlers.add(channel, handler);
  }

  close(): Promise<void> {
    this.closed = true;
    this.handlers.clear();
    const at = this.hub.members.indexOf(this);
    if (at >= 0) this.hub.members.splice(at, 1);
    return Promise.resolve();
  }

  private deliver(channel: ClusterChannel, text: string): void {
    // Later, like a NOTIFY: the sender's call returns before any receiver runs.
    queueMicrotask(() =>
      // No logger in memory: a failing handler fails loudly, as an uncaught error.
      this.handlers.deliver(channel, JSON.parse(text), (err) => {
        throw err;
      }),
    );
  }
}
