import type { Logger } from 'pino';
import type { Cluster } from '../cluster/cluster.js';
import type { Db } from '../db/database.js';
import { checkCapacity, type LaunchQueue, type Release } from './launchQueue.js';
import type { ReplicaPresence } from './replicaPresence.js';

/** How often waiters look again without news: a dead replica's tickets go without a word. */
const QUEUE_POLL_MS = 2_000;

/** Tickets are numbered one at a time platform-wide, so that ids follow the order they are seen. */
const TICKETS_LOCK = 'launch-queue:tickets';

interface Waiter {
  ticket: number;
  /** The place last told; undefined before the first. */
  position: number | undefined;
  start: (release: Release) => void;
  onPosition: (position: number) => void;
}

/**
 * The launch queue of replicas sharing one store: each launch that wants a turn holds a row of
 * `launch_tickets`, numbered in the order they came. A ticket has its turn once fewer than
 * `capacity` live tickets are ahead of it, and keeps it until released (its row goes). Since
 * tickets are numbered under a platform-wide lock, the tickets ahead of one only ever go, so a
 * turn once given stays right. A release tells the other replicas ('queue'), whose waiters look
 * again; they also look every `QUEUE_POLL_MS`, which is how tickets of a replica that died stop
 * counting once its heartbeat is old.
 */
export class SharedLaunchQueue implements LaunchQueue {
  private readonly waiters = new Map<number, Waiter>();
  /** Released tickets whose row is not deleted yet (the store was away): tried again. */
  private readonly releasing = new Set<number>();
  private looking: Promise<void> | undefined;
  private lookAgain = false;
  private readonly timer: NodeJS.Timeout;
  private readonly unsubscribe: () => void;

  constructor(
    readonly capacity: number,
    private readonly deps: {
      db: Db;
      cluster: Cluster;
      presence: ReplicaPresence;
      log: Logger;
      pollMs?: number;
    },
  ) {
    checkCapacity(capacity);
    // Any message says the same: the queue moved. Its content is not read.
    this.unsubscribe = deps.cluster.subscribe('queue', () => this.look());
    this.timer = setInterval(() => {
      if (this.releasing.size > 0) void this.deleteReleased();
      if (this.waiters.size > 0) this.look();
    }, deps.pollMs ?? QUEUE_POLL_MS);
    this.timer.unref();
  }

  get length(): number {
    return this.waiters.size;
  }

  async acquire(onPosition: (position: number) => void): Promise<Release> {
    const ticket = await this.newTicket();
    return new Promise((start) => {
      this.waiters.set(ticket, { ticket, position: undefined, start, onPosition });
      this.look();
    });
  }

  close(): void {
    clearInterval(this.timer);
    this.unsubscribe();
  }

  private newTicket(): Promise<number> {
    const { db, cluster, presence } = this.deps;
    return cluster.withLock(TICKETS_LOCK, async () => {
      const row = await db
        .insertInto('launch_tickets')
        .values({ replica_id: presence.replicaId, created_at: new Date().toISOString() })
        .returning('id')
        .executeTakeFirstOrThrow();
      return row.id;
    });
  }

  /** Has this replica's waiters look at the queue: now, or right after the look under way. */
  private look(): void {
    if (this.looking) {
      this.lookAgain = true;
      return;
    }
    this.looking = this.lookOnce()
      .catch((err: unknown) => this.deps.log.warn({ err }, 'launch queue not read'))
      .finally(() => {
        this.looking = undefined;
        if (this.lookAgain) {
          this.lookAgain = false;
          this.look();
        }
      });
  }

  private async lookOnce(): Promise<void> {
    if (this.waiters.size === 0) return;
    const rows = await this.deps.db
      .selectFrom('launch_tickets')
      .select('id')
      .where('replica_id', 'in', this.deps.presence.alive())
      .orderBy('id')
      .execute();
    const ahead = new Map(rows.map((row, index) => [row.id, index]));
    for (const waiter of [...this.waiters.values()]) {
      const rank = ahead.get(waiter.ticket);
      if (rank === undefined) {
        await this.renew(waiter);
      } else if (rank < this.capacity) {
        this.waiters.delete(waiter.ticket);
        waiter.start(this.releaser(waiter.ticket));
      } else if (rank - this.capacity + 1 !== waiter.position) {
        waiter.position = rank - this.capacity + 1;
        waiter.onPosition(waiter.position);
      }
    }
  }

  /**
   * A waiting ticket purged as a dead replica's (this one's heartbeat was late: the store was
   * away): it gets a new one, at the back, rather than wait for nothing; its place is read at
   * the next look.
   */
  private async renew(waiter: Waiter): Promise<void> {
    this.waiters.delete(waiter.ticket);
    waiter.ticket = await this.newTicket();
    this.waiters.set(waiter.ticket, waiter);
  }

  private releaser(ticket: number): Release {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.releasing.add(ticket);
      void this.deleteReleased();
    };
  }

  /** Deletes the released tickets' rows, then says the queue moved. */
  private async deleteReleased(): Promise<void> {
    const tickets = [...this.releasing];
    if (tickets.length === 0) return;
    try {
      await this.deps.db.deleteFrom('launch_tickets').where('id', 'in', tickets).execute();
    } catch (err) {
      this.deps.log.warn({ err }, 'launch queue turn not given back yet');
      return;
    }
    for (const ticket of tickets) this.releasing.delete(ticket);
    this.look();
    await this.deps.cluster
      .publish('queue', { released: tickets.length })
      .catch((err: unknown) => this.deps.log.warn({ err }, 'launch queue news not passed on'));
  }
}
