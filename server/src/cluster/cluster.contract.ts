import { afterEach, describe, expect, it } from 'vitest';
import { eventually } from '../testing/eventually.js';
import { MAX_MESSAGE_BYTES, type Cluster } from './cluster.js';
import { LocalCluster, LocalHub } from './localCluster.js';
import { MessageTooLargeError } from './messages.js';

export interface ClusterUnderTest {
  /** A new member of the one platform under test: a replica of its own. */
  join(): Promise<Cluster>;
  /** Ends a member the hard way, as a process killed with `kill -9` would end. */
  crash(member: Cluster): Promise<void>;
  /** Closes what `join` opened and drops the platform's state. */
  close(): Promise<void>;
}

/** Leadership moves within a few seconds; a test allows ten. */
const waitFor = (check: () => boolean) => eventually(check, 10_000);

/** A promise with its resolve, to hold a task until the test lets it go. */
function gate(): { opened: Promise<void>; open(): void } {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

/**
 * What every Cluster does, run against each one (memory in the unit suite, PostgreSQL in the
 * integration suite), with two members of one platform in one process standing for two replicas.
 */
export function clusterContract(name: string, setup: () => Promise<ClusterUnderTest>): void {
  describe(`Cluster contract: ${name}`, () => {
    let t: ClusterUnderTest | undefined;
    const start = async () => {
      t = await setup();
      return { t, a: await t.join(), b: await t.join() };
    };
    afterEach(async () => {
      await t?.close();
      t = undefined;
    });

    it('runs tasks on one key one at a time across members', async () => {
      const { a, b } = await start();
      let active = 0;
      let most = 0;
      const task = async () => {
        active += 1;
        most = Math.max(most, active);
        // Several turns of the event loop and a timer: room for another holder to come in.
        await new Promise((r) => setTimeout(r, 2));
        active -= 1;
      };
      const runs = [a, b, a, b, b, a].map((m) => m.withLock('user-1/app', task));
      await Promise.all(runs);
      expect(most).toBe(1);
    });

    it('runs tasks on different keys side by side', async () => {
      const { a, b } = await start();
      const held = gate();
      const entered = gate();
      const first = a.withLock('user-1/app', async () => {
        entered.open();
        await held.opened;
      });
      await entered.opened;
      // Would never finish if the second key waited for the first.
      await b.withLock('user-2/app', () => Promise.resolve());
      await a.withLock('user-3/app', () => Promise.resolve());
      held.open();
      await first;
    });

    it('lets go of the key when the task throws, and passes the error on', async () => {
      const { a, b } = await start();
      const failing = a.withLock('user-1/app', () => Promise.reject(new Error('launch failed')));
      await expect(failing).rejects.toThrow('launch failed');
      await expect(b.withLock('user-1/app', () => Promise.resolve('next'))).resolves.toBe('next');
      await expect(a.withLock('user-1/app', () => Promise.resolve('again'))).resolves.toBe('again');
    });

    it('has exactly one leader among its members', async () => {
      const { a, b } = await start();
      await waitFor(() => a.isLeader() || b.isLeader());
      expect([a.isLeader(), b.isLeader()].filter(Boolean)).toHaveLength(1);
    });

    it('hands leadership on when the leader crashes', async () => {
      const { t, a, b } = await start();
      await waitFor(() => a.isLeader() || b.isLeader());
      const [leader, other] = a.isLeader() ? [a, b] : [b, a];
      await t.crash(leader);
      await waitFor(() => other.isLeader());
      expect(leader.isLeader()).toBe(false);
    });

    it('hands leadership on when the leader closes', async () => {
      const { a, b } = await start();
      await waitFor(() => a.isLeader() || b.isLeader());
      const [leader, other] = a.isLeader() ? [a, b] : [b, a];
      await leader.close();
      await waitFor(() => other.isLeader());
      expect(leader.isLeader()).toBe(false);
    });

    it('delivers a message to the other members, not back to the sender', async () => {
      const { a, b } = await start();
      const atA: unknown[] = [];
      const atB: unknown[] = [];
      a.subscribe('sessions', (m) => atA.push(m));
      const reachedB = new Promise<void>((resolve) =>
        b.subscribe('sessions', (m) => {
          atB.push(m);
          resolve();
        }),
      );
      const reply = new Promise<void>((resolve) => a.subscribe('sessions', () => resolve()));
      await a.publish('sessions', { hash: 'abc', nested: [1, 'two'] });
      await reachedB;
      expect(atB).toEqual([{ hash: 'abc', nested: [1, 'two'] }]);
      // Sent after the first arrived, so a copy of the first to the sender would come before it.
      await b.publish('sessions', { userId: 7 });
      await reply;
      expect(atA).toEqual([{ userId: 7 }]);
    });

    it('keeps channels apart and stops delivering after unsubscribe', async () => {
      const { a, b } = await start();
      const onQueue: unknown[] = [];
      const stopQueue = b.subscribe('queue', (m) => onQueue.push(m));
      const progress = new Promise<unknown>((resolve) => b.subscribe('progress', resolve));
      await a.publish('queue', { n: 1 });
      await a.publish('progress', { n: 2 });
      await expect(progress).resolves.toEqual({ n: 2 });
      expect(onQueue).toEqual([{ n: 1 }]);
      stopQueue();
      const later = new Promise<unknown>((resolve) => b.subscribe('progress', resolve));
      await a.publish('queue', { n: 3 });
      await a.publish('progress', { n: 4 });
      await expect(later).resolves.toEqual({ n: 4 });
      expect(onQueue).toEqual([{ n: 1 }]);
    });

    it('refuses a message larger than MAX_MESSAGE_BYTES', async () => {
      const { a, b } = await start();
      const received: unknown[] = [];
      b.subscribe('sessions', (m) => received.push(m));
      // The JSON of `{"text":""}` is 11 bytes: `fits` is exactly at the limit, `big` one past it.
      const room = MAX_MESSAGE_BYTES - JSON.stringify({ text: '' }).length;
      const big = { text: 'x'.repeat(room + 1) };
      await expect(a.publish('sessions', big)).rejects.toThrow(MessageTooLargeError);
      const fits = { text: 'x'.repeat(room) };
      const arrived = new Promise<unknown>((resolve) => b.subscribe('sessions', resolve));
      await a.publish('sessions', fits);
      await expect(arrived).resolves.toEqual(fits);
      expect(received).toEqual([fits]);
    });
  });
}

/** Members of one in-memory hub play the replicas; a crash of an in-memory member is its close. */
export function memoryPlatform(): Promise<ClusterUnderTest> {
  const hub = new LocalHub();
  const members: Cluster[] = [];
  return Promise.resolve({
    join: () => {
      const member = new LocalCluster(hub);
      members.push(member);
      return Promise.resolve(member);
    },
    crash: (member) => member.close(),
    close: async () => {
      for (const member of members) await member.close();
    },
  });
}
