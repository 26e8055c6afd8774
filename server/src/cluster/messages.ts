import type { ClusterChannel } from './cluster.js';

/** Thrown when a message would not fit in one notification. */
export class MessageTooLargeError extends Error {
  constructor(bytes: number, limit: number) {
    super(
      `a cluster message is at most ${String(limit)} bytes of JSON, this one has ${String(bytes)}`,
    );
    this.name = 'MessageTooLargeError';
  }
}

/** Refuses a message whose JSON exceeds `limit` bytes (PostgreSQL would refuse it later, less clearly). */
export function checkMessageSize(message: unknown, limit: number): void {
  const bytes = Buffer.byteLength(JSON.stringify(message) ?? '', 'utf8');
  if (bytes > limit) throw new MessageTooLargeError(bytes, limit);
}

type Handler = (message: unknown) => void;

/** Who listens on which channel, for one member of a cluster. */
export class ChannelHandlers {
  private readonly handlers = new Map<ClusterChannel, Set<Handler>>();

  /** Adds the handler; returns its removal. */
  add(channel: ClusterChannel, handler: Handler): () => void {
    let handlers = this.handlers.get(channel);
    if (!handlers) this.handlers.set(channel, (handlers = new Set()));
    const own = handlers;
    // A wrapper per call, so that subscribing one function twice needs two unsubscribes.
    const entry: Handler = (message) => handler(message);
    own.add(entry);
    return () => own.delete(entry);
  }

  /** Calls each handler of the channel; one that throws is reported and the others still run. */
  deliver(channel: ClusterChannel, message: unknown, onError: (err: unknown) => void): void {
    for (const handler of [...(this.handlers.get(channel) ?? [])]) {
      try {
        handler(message);
      } catch (err) {
        onError(err);
      }
    }
  }

  clear(): void {
    this.handlers.clear();
  }
}
