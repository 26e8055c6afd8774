import type { Logger } from 'pino';
import type { ConnectionLeases } from './connectionLeases.js';
import type { ContainerStore } from './containerStore.js';
import { containerKey } from './identity.js';

interface OpenConnections {
  userId: number;
  type: string;
  count: number;
}

/**
 * Collects when users' containers were last used, from proxied traffic, and writes it in
 * batches: each container at most once per flush, however many requests it had. A container
 * with an open WebSocket or stream counts as used at every flush while the connection lasts,
 * and its lease in the store says so to every replica (the idle culler may run on another).
 */
export class LastUsedTracker {
  private readonly dirty = new Map<string, { userId: number; type: string; at: number }>();
  private readonly open = new Map<string, OpenConnections>();
  /** Each container's lease writes, one after another, so the last count written is the last. */
  private readonly writes = new Map<string, Promise<void>>();

  constructor(
    private readonly deps: { store: ContainerStore; leases: ConnectionLeases; log: Logger },
  ) {}

  markUsed(userId: number, type: string): void {
    this.dirty.set(containerKey(userId, type), { userId, type, at: Date.now() });
  }

  /** Counts a long-lived connection as use until the returned function is called. */
  openConnection(userId: number, type: string): () => void {
    const key = containerKey(userId, type);
    const known = this.open.get(key);
    const entry = known ?? { userId, type, count: 0 };
    entry.count++;
    this.open.set(key, entry);
    this.markUsed(userId, type);
    // A new lease is written at once: the culler may run on another replica before the flush.
    if (!known) void this.writeLease(key, entry);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.markUsed(userId, type);
      entry.count--;
    };
  }

  /** The containers (by `containerKey`) with a connection open on this or any other replica. */
  async inUse(): Promise<Set<string>> {
    await Promise.all(this.writes.values());
    const everywhere = await this.deps.leases.inUse();
    for (const [key, entry] of this.open) if (entry.count > 0) everywhere.add(key);
    return everywhere;
  }

  /**
   * Writes what was collected since the last flush, then renews the leases of open connections.
   * A lease whose connections all closed goes only now, after their last use is written: until
   * then the store's `last_used` would not show that use to the culler.
   */
  async flush(): Promise<void> {
    for (const entry of this.open.values()) {
      if (entry.count > 0) this.markUsed(entry.userId, entry.type);
    }
    const batch = [...this.dirty.values()];
    this.dirty.clear();
    for (const { userId, type, at } of batch) {
      await this.deps.store.touch(userId, type, new Date(at).toISOString());
    }
    for (const [key, entry] of this.open) {
      void this.writeLease(key, entry);
      if (entry.count === 0) this.open.delete(key);
    }
    await Promise.all(this.writes.values());
  }

  /** Writes the container's count as it is when the write's turn comes; never fails. */
  private writeLease(key: string, entry: OpenConnections): Promise<void> {
    const write = (this.writes.get(key) ?? Promise.resolve())
      .then(() => this.deps.leases.write(entry.userId, entry.type, entry.count))
      .catch((err: unknown) =>
        this.deps.log.warn({ err, user: entry.userId, type: entry.type }, 'lease not written'),
      )
      .finally(() => {
        if (this.writes.get(key) === write) this.writes.delete(key);
      });
    this.writes.set(key, write);
    return write;
  }
}
