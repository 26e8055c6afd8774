import { afterEach, describe, expect, it } from 'vitest';
import { eventually } from '../testing/eventually.js';
import type { LaunchQueue, Release } from './launchQueue.js';

export interface QueueUnderTest {
  /**
   * The one queue as two replicas see it: for a queue of one process, the same queue twice.
   * Launches alternate between them, so a shared queue must keep one order for both.
   */
  replicas: [LaunchQueue, LaunchQueue];
  close(): Promise<void>;
}

/** A shared queue hears of a release through the store; a test allows ten seconds. */
const waitFor = (check: () => boolean) => eventually(check, 10_000);

/** One launch's view of its turn: places heard, and its release once it started. */
interface Launch {
  heard: number[];
  release: Release | undefined;
}

function enqueue(queue: LaunchQueue): Launch {
  const launch: Launch = { heard: [], release: undefined };
  void queue.acquire((p) => launch.heard.push(p)).then((release) => (launch.release = release));
  return launch;
}

/**
 * What every LaunchQueue does, run against each one (memory in the unit suite and the SQLite
 * run, the store's shared queue in the unit suite on SQLite and in the PostgreSQL run).
 */
export function launchQueueContract(
  name: string,
  setup: (capacity: number) => Promise<QueueUnderTest>,
): void {
  describe(`LaunchQueue contract: ${name}`, () => {
    let t: QueueUnderTest | undefined;
    const start = async (capacity: number) => (t = await setup(capacity)).replicas;
    /** Launches waiting, over both replicas (one queue seen twice counts once). */
    const waiting = () => [...new Set(t!.replicas)].reduce((sum, queue) => sum + queue.length, 0);
    afterEach(async () => {
      await t?.close();
      t = undefined;
    });

    it('gives turns at once up to its capacity, on either replica, without a place in line', async () => {
      const [a, b] = await start(2);
      const positions: number[] = [];
      await a.acquire((p) => positions.push(p));
      await b.acquire((p) => positions.push(p));
      expect(positions).toEqual([]);
      expect(waiting()).toBe(0);
    });

    it('serves waiting launches first in, first out, telling each its place as it moves', async () => {
      const [a, b] = await start(1);
      const first = await a.acquire(() => undefined);
      const launches: Launch[] = [];
      for (const replica of [b, a, b]) {
        const launch = enqueue(replica);
        launches.push(launch);
        await waitFor(() => launch.heard.length > 0);
      }
      const [x, y, z] = launches as [Launch, Launch, Launch];
      expect([x.heard, y.heard, z.heard]).toEqual([[1], [2], [3]]);
      expect(waiting()).toBe(3);

      first();
      await waitFor(() => x.release !== undefined && z.heard.length === 2);
      expect([x.heard, y.heard, z.heard]).toEqual([[1], [2, 1], [3, 2]]);
      expect(y.release).toBeUndefined();

      x.release!();
      await waitFor(() => y.release !== undefined && z.heard.length === 3);
      expect(z.heard).toEqual([3, 2, 1]);
      expect(z.release).toBeUndefined();

      y.release!();
      await waitFor(() => z.release !== undefined);
      expect(waiting()).toBe(0);
    });

    it('a newcomer waits behind those already waiting', async () => {
      const [a, b] = await start(1);
      const first = await a.acquire(() => undefined);
      const early = enqueue(b);
      await waitFor(() => early.heard.length > 0);
      const late = enqueue(a);
      await waitFor(() => late.heard.length > 0);
      expect(late.heard).toEqual([2]);
      first();
      await waitFor(() => early.release !== undefined && late.heard.length === 2);
      expect(late.release).toBeUndefined();
      early.release!();
      await waitFor(() => late.release !== undefined);
    });

    it('a turn given back twice frees one place only', async () => {
      const [a, b] = await start(1);
      const release = await a.acquire(() => undefined);
      release();
      release();
      const next = await b.acquire(() => undefined);
      const after = enqueue(a);
      await waitFor(() => after.heard.length > 0);
      expect(after).toEqual({ heard: [1], release: undefined });
      next();
      await waitFor(() => after.release !== undefined);
    });
  });
}
