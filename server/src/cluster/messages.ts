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
