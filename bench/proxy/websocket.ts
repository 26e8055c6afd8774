import { performance } from 'node:perf_hooks';
import WebSocket from 'ws';

export interface RoundTrips {
  medianMs: number;
  p99Ms: number;
}

/**
 * Opens one WebSocket to the echo app and times `count` messages sent one after another, each
 * waiting for its echo; `warmup` more go first and are not counted.
 */
export async function echoRoundTrips(
  url: string,
  headers: Record<string, string>,
  count: number,
  warmup = 200,
): Promise<RoundTrips> {
  const socket = new WebSocket(url, { headers, perMessageDeflate: false });
  const incoming: Array<(data: WebSocket.RawData) => void> = [];
  socket.on('message', (data) => incoming.shift()?.(data));
  await new Promise<void>((resolve, reject) => {
    // The echo app greets first; the socket is ready for timing once that has arrived.
    incoming.push(() => resolve());
    socket.once('error', reject);
    socket.once('unexpected-response', (_req, res) =>
      reject(new Error(`${url}: upgrade refused with ${res.statusCode}`)),
    );
  });
  try {
    const times: number[] = [];
    const payload = 'x'.repeat(64);
    for (let i = 0; i < warmup + count; i++) {
      const started = performance.now();
      await new Promise<void>((resolve) => {
        incoming.push(() => resolve());
        socket.send(payload);
      });
      if (i >= warmup) times.push(performance.now() - started);
    }
    times.sort((a, b) => a - b);
    return { medianMs: quantile(times, 0.5), p99Ms: quantile(times, 0.99) };
  } finally {
    socket.close();
  }
}

/** The value at quantile q of sorted numbers (nearest rank). */
function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}
