import type { Logger } from 'pino';
import type { HttpServer } from '../http/server.js';

/**
 * After the last launch settles, how long the responses still open may take to finish (the
 * launch's own answer is among them) before the remaining connections — log streams, proxied
 * downloads — are cut.
 */
const RESPONSE_GRACE_MS = 2000;

export interface ShutdownParts {
  log: Logger;
  /** How long launches in flight may take to finish (SHUTDOWN_TIMEOUT_SECONDS). */
  timeoutMs: number;
  http: HttpServer;
  /** Resolves once no launch (or stop, or removal) is under way. */
  launchesSettled(): Promise<void>;
  stopJobs(): Promise<void>;
  flushLastUsed(): Promise<void>;
  /** The engine watcher, the proxy's pools, the metrics listener, the mailer: in that order. */
  closeConnections(): Promise<void>;
  closeStore(): Promise<void>;
}

/**
 * Stops spawner in order: no new connections; launches in flight finish (up to the limit); the
 * answers in flight go out; the jobs stop; `last_used` is written; the engine, the rest and the
 * store close. Each step is logged, so an operator sees where a slow stop spends its time.
 */
export async function shutDown(parts: ShutdownParts): Promise<void> {
  const { log } = parts;
  const deadline = Date.now() + parts.timeoutMs;
  log.info('shutdown: no longer accepting connections');
  const httpClosed = parts.http.close();

  log.info({ timeoutSeconds: parts.timeoutMs / 1000 }, 'shutdown: waiting for launches in flight');
  if (!(await within(parts.launchesSettled(), deadline - Date.now()))) {
    log.warn('shutdown: launches still running at the limit; stopping without them');
  }
  const graceMs = Math.min(RESPONSE_GRACE_MS, Math.max(0, deadline - Date.now()));
  // Keep-alive connections that fell idle after their last answer would hold the close up.
  const closeIdle = setInterval(() => parts.http.server.closeIdleConnections(), 100);
  parts.http.server.closeIdleConnections();
  const answered = await within(httpClosed, graceMs);
  clearInterval(closeIdle);
  if (!answered) {
    log.info('shutdown: closing the connections still open');
    parts.http.server.closeAllConnections();
    await httpClosed;
  }

  log.info('shutdown: stopping jobs');
  await parts.stopJobs();
  log.info('shutdown: writing last use');
  await parts.flushLastUsed();
  log.info('shutdown: closing the engine watcher and outgoing connections');
  await parts.closeConnections();
  log.info('shutdown: closing the store');
  await parts.closeStore();
  log.info('shutdown: done');
}

/** Whether the promise settles within the time; its failure counts as settled. */
async function within(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), Math.max(0, ms));
  });
  try {
    return await Promise.race([
      promise.then(
        () => true,
        () => true,
      ),
      timeout,
    ]);
  } finally {
    clearTimeout(timer);
  }
}
