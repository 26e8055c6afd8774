import type { ContainerStore } from './containerStore.js';
import { containerKey } from './identity.js';

/**
 * Collects when users' containers were last used, from proxied traffic, and writes it in
 * batches: each container at most once per flush, however many requests it had. A container
 * with an open WebSocket or stream counts as used at every flush while the connection lasts.
 */
export class LastUsedTracker {
  private readonly dirty = new Map<string, { userId: number; type: string; at: number }>();
  private readonly open = new Map<string, { userId: number; type: string; count: number }>();

  constructor(private readonly store: ContainerStore) {}

  markUsed(userId: number, type: string): void {
    this.dirty.set(containerKey(userId, type), { userId, type, at: Date.now() });
  }

  /** Counts a long-lived connection as use until the returned function is called. */
  openConnection(userId: number, type: string): () => void {
    const key = containerKey(userId, type);
    const entry = this.open.get(key) ?? { userId, type, count: 0 };
    entry.count++;
    this.open.set(key, entry);
    this.markUsed(userId, type);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.markUsed(userId, type);
      if (--entry.count === 0) this.open.delete(key);
    };
  }

  hasOpenConnections(userId: number, type: string): boolean {
    return this.open.has(containerKey(userId, type));
  }

  /** Writes what was collected since the last flush. */
  async flush(): Promise<void> {
    for (const { userId, type } of this.open.values()) this.markUsed(userId, type);
    const batch = [...this.dirty.values()];
    this.dirty.clear();
    for (const { userId, type, at } of batch) {
      await this.store.touch(userId, type, new Date(at).toISOString());
    }
  }
}
