import type { FastifyReply } from 'fastify';

const KEEPALIVE_MS = 15_000;

export interface EventStream {
  /** Sends one event whose data is the JSON of `data`. */
  send(data: unknown): void;
  close(): void;
  /** Called once, when the client goes away or the stream is closed. */
  onClose(listener: () => void): void;
}

/**
 * Turns a reply into a server-sent event stream (Fastify steps aside). A comment line goes out
 * now and then, so proxies and browsers keep a quiet stream open.
 */
export function openEventStream(reply: FastifyReply): EventStream {
  void reply.hijack();
  const res = reply.raw;
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-store',
    'x-accel-buffering': 'no', // nginx in front: do not buffer the stream
    connection: 'keep-alive',
  });
  res.write(': stream open\n\n');
  const keepalive = setInterval(() => res.write(': keepalive\n\n'), KEEPALIVE_MS);
  const listeners: Array<() => void> = [];
  let closed = false;
  const close = () => {
    if (closed) return;
    closed = true;
    clearInterval(keepalive);
    for (const listener of listeners) listener();
    res.end();
  };
  res.once('close', close);
  return {
    send(data) {
      if (!closed) res.write(`data: ${JSON.stringify(data)}\n\n`);
    },
    close,
    onClose(listener) {
      listeners.push(listener);
    },
  };
}
