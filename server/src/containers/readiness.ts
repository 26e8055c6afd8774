import { request } from 'node:http';
import type { Endpoint } from './identity.js';

const POLL_INTERVAL_MS = 100;
const ATTEMPT_TIMEOUT_MS = 2000;
/**
 * How often `stillAlive` is asked: by the clock, not per attempt, as an attempt at an address
 * nobody holds any more (a Swarm task's, once it exited) lasts until its timeout.
 */
const ALIVE_CHECK_MS = 1000;

/** True when the endpoint answers HTTP with any status: the app is up, whatever it thinks of `/`. */
export function answersHttp(endpoint: Endpoint): Promise<boolean> {
  return new Promise((resolve) => {
    const req = request(
      {
        host: endpoint.host,
        port: endpoint.port,
        path: '/',
        method: 'GET',
        timeout: ATTEMPT_TIMEOUT_MS,
        agent: false,
      },
      (res) => {
        res.resume();
        resolve(true);
      },
    );
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(false));
    req.end();
  });
}

/**
 * Polls until the endpoint answers HTTP or the deadline passes. `stillAlive` is asked now and
 * then so a container that exits during start-up fails fast instead of at the deadline.
 */
export async function waitUntilAnswering(
  endpoint: () => Promise<Endpoint | undefined>,
  timeoutMs: number,
  stillAlive: () => Promise<boolean>,
): Promise<'ready' | 'timeout' | 'exited'> {
  const deadline = Date.now() + timeoutMs;
  let aliveCheckedAt = Date.now();
  while (Date.now() < deadline) {
    const target = await endpoint();
    if (target && (await answersHttp(target))) return 'ready';
    if (Date.now() - aliveCheckedAt >= ALIVE_CHECK_MS) {
      aliveCheckedAt = Date.now();
      if (!(await stillAlive())) return 'exited';
    }
    await new Promise((r) => setTimeout(r, POLL_INTERVAL_MS));
  }
  return 'timeout';
}
