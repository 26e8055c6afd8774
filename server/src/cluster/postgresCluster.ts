import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type pg from 'pg';
import type { Logger } from 'pino';
import { z } from 'zod';
import { KeyedLock } from '../containers/keyedLock.js';
import { MAX_MESSAGE_BYTES, type Cluster, type ClusterChannel } from './cluster.js';
import { hash32, LEADER_KEY, LEADER_NAMESPACE, LOCK_NAMESPACE } from './lockKeys.js';
import { LockWakeups } from './lockWakeups.js';
import { ChannelHandlers, checkMessageSize } from './messages.js';
import { PgSession, sessionQuery } from './pgSession.js';

/** How long a task waits for another replica's key before it asks again without a wake-up. */
const LOCK_RETRY_MS = 250;
/** Leadership moves within this: a follower asks this often, and the leader checks its session. */
const LEADER_CHECK_MS = 3000;

const CHANNELS: Record<ClusterChannel, string> = {
  sessions: 'spawner_sessions',
  progress: 'spawner_progress',
  queue: 'spawner_queue',
  containers: 'spawner_containers',
};
const CHANNEL_OF = new Map(
  Object.entries(CHANNELS).map(([channel, name]) => [name, channel as ClusterChannel]),
);
/** Carries the number of a key just released, to wake the replicas waiting for it. */
const UNLOCK_CHANNEL = 'spawner_unlock';

const envelopeSchema = z.object({ from: z.string(), message: z.unknown() });

type Handler = (message: unknown) => void;

export interface PostgresClusterOptions {
  url: string;
  log: Logger;
  /** Whether this process competes for the leadership (the operator's one-off CLI does not). */
  lead?: boolean;
  /** How often a follower asks for the leadership and the leader checks its session. */
  leaderCheckMs?: number;
  /**
   * How long a replica whose session broke waits before it asks for the leadership again
   * (default: five checks), so that a healthy replica takes over rather than a flapping one.
   */
  rejoinAfterMs?: number;
  /** Called once the handlers have run for a message from another replica (for metrics). */
  onReceived?: (channel: ClusterChannel) => void;
}

/** A task's hold on a key: on the session that took it (gone with that session). */
interface Hold {
  key: string;
  client: pg.Client;
}

/**
 * Replicas on one PostgreSQL database. One dedicated session per process holds every advisory
 * lock of the process and the leadership, and listens for the other replicas' messages: a
 * launch never pins a connection of the store's pool, and a process that dies lets go of all of
 * it at once.
 */
export class PostgresCluster implements Cluster {
  readonly replicaId = `${hostname()}-${String(process.pid)}-${randomBytes(3).toString('hex')}`;
  private readonly local = new KeyedLock();
  private readonly wakeups = new LockWakeups();
  private readonly held = new Set<Hold>();
  private readonly handlers = new ChannelHandlers();
  private readonly session: PgSession;
  private readonly log: Logger;
  private leader = false;
  private leaderTimer: NodeJS.Timeout | undefined;
  private checking = false;
  private closed = false;
  /** Until when this replica leaves the leadership to the others (after its session broke). */
  private stepsBackUntil = 0;

  /** Connects and (unless told not to) starts asking for the leadership. */
  static async open(options: PostgresClusterOptions): Promise<PostgresCluster> {
    const cluster = new PostgresCluster(options);
    await cluster.session.open();
    cluster.log.info({ replica: cluster.replicaId }, 'cluster: joined the replicas on PostgreSQL');
    if (options.lead ?? true) {
      const every = options.leaderCheckMs ?? LEADER_CHECK_MS;
      cluster.leaderTimer = setInterval(() => void cluster.checkLeadership(), every);
      cluster.leaderTimer.unref();
      // At once too: a platform of one replica should not wait a period for its leader.
      void cluster.checkLeadership();
    }
    return cluster;
  }

  private constructor(private readonly options: PostgresClusterOptions) {
    this.log = options.log.child({ replica: this.replicaId });
    this.session = new PgSession(
      { connectionString: options.url, application_name: sessionName(this.replicaId) },
      {
        connected: (client) => this.onConnected(client),
        lost: () => this.onLost(),
        notification: (message) => this.onNotification(message),
      },
      this.log,
    );
  }

  withLock<T>(key: string, task: () => Promise<T>): Promise<T> {
    if (this.closed) return Promise.reject(new Error('the cluster is closed'));
    // One ask per key from this process at a time: the session would grant its own key twice.
    return this.local.run(key, async () => {
      const hold = { key, client: await this.acquire(key) };
      this.held.add(hold);
      try {
        return await task();
      } finally {
        this.held.delete(hold);
        await this.release(hold);
      }
    });
  }

  isLeader(): boolean {
    return this.leader;
  }

  async publish(channel: ClusterChannel, message: unknown): Promise<void> {
    checkMessageSize(message, MAX_MESSAGE_BYTES);
    const client = this.session.current();
    if (this.closed || !client) throw new Error('cluster: no PostgreSQL session; message not sent');
    const payload = JSON.stringify({ from: this.replicaId, message });
    await sessionQuery(client, 'SELECT pg_notify($1, $2)', [CHANNELS[channel], payload]);
  }

  subscribe(channel: ClusterChannel, handler: Handler): () => void {
    return this.handlers.add(channel, handler);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.leaderTimer);
    this.leader = false;
    this.handlers.clear();
    // Ending the session lets go of every key and the leadership in one step.
    await this.session.close();
    this.wakeups.wakeAll();
  }

  /** Takes the key on this process's session, waiting while another replica holds it. */
  private async acquire(key: string): Promise<pg.Client> {
    const id = hash32(key);
    for (;;) {
      const client = await this.session.ready();
      const wakeup = this.wakeups.wait(id, LOCK_RETRY_MS);
      try {
        const { rows } = await sessionQuery<{ locked: boolean }>(
          client,
          'SELECT pg_try_advisory_lock($1::int, $2::int) AS locked',
          [LOCK_NAMESPACE, id],
        );
        if (rows[0]?.locked) {
          wakeup.cancel();
          return client;
        }
      } catch (err) {
        this.session.drop(client, err);
      }
      await wakeup.done;
    }
  }

  private async release(hold: Hold): Promise<void> {
    // A key taken on a session that has since broken was let go with it.
    if (this.session.current() !== hold.client) return;
    const id = hash32(hold.key);
    try {
      await sessionQuery(
        hold.client,
        'SELECT pg_advisory_unlock($1::int, $2::int), pg_notify($3, $4)',
        [LOCK_NAMESPACE, id, UNLOCK_CHANNEL, String(id)],
      );
    } catch (err) {
      // The session is breaking: its end lets go of the key.
      this.log.warn({ err, key: hold.key }, 'cluster: releasing a key failed');
    }
  }

  private async onConnected(client: pg.Client): Promise<void> {
    const names = [...Object.values(CHANNELS), UNLOCK_CHANNEL];
    await sessionQuery(client, names.map((name) => `LISTEN ${name};`).join(' '));
    // Waiters of the broken session ask again on this one.
    this.wakeups.wakeAll();
    if ((this.options.lead ?? true) && this.leaderTimer) void this.checkLeadership();
  }

  private onLost(): void {
    if (this.leader) this.log.error('cluster: leadership lost with the PostgreSQL session');
    this.leader = false;
    const checkMs = this.options.leaderCheckMs ?? LEADER_CHECK_MS;
    this.stepsBackUntil = Date.now() + (this.options.rejoinAfterMs ?? 5 * checkMs);
    if (this.held.size > 0) {
      // Another replica may take these keys while their tasks still run here.
      const keys = [...this.held].map((hold) => hold.key);
      this.log.error({ keys }, 'cluster: tasks lost their keys with the session; exclusion lost');
    }
    this.wakeups.wakeAll();
  }

  /** Asks for the leadership as a follower; as the leader, checks that its session answers. */
  private async checkLeadership(): Promise<void> {
    const client = this.session.current();
    if (this.checking || this.closed || !client) return;
    if (!this.leader && Date.now() < this.stepsBackUntil) return;
    this.checking = true;
    try {
      if (this.leader) {
        await sessionQuery(client, 'SELECT 1');
        return;
      }
      const { rows } = await sessionQuery<{ locked: boolean }>(
        client,
        'SELECT pg_try_advisory_lock($1::int, $2::int) AS locked',
        [LEADER_NAMESPACE, LEADER_KEY],
      );
      if (rows[0]?.locked && this.session.current() === client && !this.closed) {
        this.leader = true;
        this.log.info('cluster: this replica is the leader now');
      }
    } catch (err) {
      this.session.drop(client, err);
    } finally {
      this.checking = false;
    }
  }

  private onNotification({ channel: name, payload }: pg.Notification): void {
    if (name === UNLOCK_CHANNEL) {
      this.wakeups.wake(Number(payload));
      return;
    }
    const channel = CHANNEL_OF.get(name);
    if (!channel) return;
    const envelope = parseEnvelope(payload);
    if (!envelope) {
      this.log.warn({ channel }, 'cluster: dropped a message that is not a cluster message');
      return;
    }
    if (envelope.from === this.replicaId) return;
    this.handlers.deliver(channel, envelope.message, (err) =>
      this.log.error({ err, channel }, 'cluster: a message handler failed'),
    );
    this.options.onReceived?.(channel);
  }
}

/**
 * The `application_name` of a replica's cluster session: an operator finds who holds which key by
 * joining `pg_locks` with `pg_stat_activity` (PostgreSQL keeps the first 63 bytes).
 */
export function sessionName(replicaId: string): string {
  return `spawner ${replicaId}`.slice(0, 63);
}

function parseEnvelope(payload: string | undefined): z.infer<typeof envelopeSchema> | undefined {
  try {
    const parsed = envelopeSchema.safeParse(JSON.parse(payload ?? ''));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
