import type { Logger } from 'pino';
import type { Db } from '../db/database.js';

export interface PresenceTimes {
  /** How often the replica says it is alive. */
  beatMs: number;
  /** A replica not heard of for this long is dead: its rows are ignored and purged. */
  timeoutMs: number;
}

/** A few missed beats before a replica counts as dead: a busy event loop is not a death. */
const PRESENCE_TIMES: PresenceTimes = { beatMs: 5_000, timeoutMs: 20_000 };

/** The tables whose rows belong to one replica (and go with it). */
const REPLICA_ROWS = ['connection_leases', 'launch_places', 'launch_tickets'] as const;

/**
 * This replica's heartbeat in the store, and who else is alive. The platform-wide rows a
 * replica holds (open connections, places within the quotas, queue tickets) name it; when it
 * dies without cleaning up (`kill -9`, a lost host), they are ignored as soon as its heartbeat
 * is old and purged by the next beat of any replica, so they never block others for long.
 * Times come from each replica's clock: the timeout is far above the skew NTP leaves.
 */
export class ReplicaPresence {
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly deps: {
      db: Db;
      replicaId: string;
      log: Logger;
      times?: PresenceTimes;
    },
  ) {}

  get replicaId(): string {
    return this.deps.replicaId;
  }

  /** Says it is alive now and from now on, every beat. */
  async start(): Promise<void> {
    await this.beat();
    this.timer = setInterval(() => {
      this.beat().catch((err: unknown) => this.deps.log.warn({ err }, 'replica heartbeat failed'));
    }, this.times.beatMs);
    this.timer.unref();
  }

  /** The ids of the replicas alive now, as a subquery for `where('replica_id', 'in', …)`. */
  alive() {
    const since = new Date(Date.now() - this.times.timeoutMs).toISOString();
    return this.deps.db.selectFrom('replicas').select('replica_id').where('seen_at', '>=', since);
  }

  /** Renews the heartbeat and purges what dead replicas left. Safe on every replica at once. */
  async beat(): Promise<void> {
    const { db, replicaId } = this.deps;
    const now = new Date().toISOString();
    await db
      .insertInto('replicas')
      .values({ replica_id: replicaId, seen_at: now })
      .onConflict((oc) => oc.column('replica_id').doUpdateSet({ seen_at: now }))
      .execute();
    for (const table of REPLICA_ROWS) {
      await db.deleteFrom(table).where('replica_id', 'not in', this.alive()).execute();
    }
    await db.deleteFrom('replicas').where('replica_id', 'not in', this.alive()).execute();
  }

  /**
   * Stops the heartbeat and removes this replica's rows: what it held is free at once. With the
   * store away they stay, and go as a dead replica's.
   */
  async close(): Promise<void> {
    clearInterval(this.timer);
    const { db, replicaId, log } = this.deps;
    try {
      for (const table of REPLICA_ROWS) {
        await db.deleteFrom(table).where('replica_id', '=', replicaId).execute();
      }
      await db.deleteFrom('replicas').where('replica_id', '=', replicaId).execute();
    } catch (err) {
      log.warn({ err }, "this replica's rows are left to its heartbeat's timeout");
    }
  }

  private get times(): PresenceTimes {
    return this.deps.times ?? PRESENCE_TIMES;
  }
}
