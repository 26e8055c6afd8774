import pg from 'pg';
import type { Logger } from 'pino';

const FIRST_RETRY_MS = 250;
const LAST_RETRY_MS = 5000;
const QUERY_TIMEOUT_MS = 10_000;

/** Each session's last query (settled either way), which the next one waits for. */
const lastQuery = new WeakMap<pg.Client, Promise<unknown>>();

/**
 * Runs a query on a session client once the queries asked before it on that client are done.
 * Locks, notifications and the leader's check share one session; pg still queues a query sent
 * while another runs, but deprecates it (pg 9 refuses it).
 */
export function sessionQuery<R extends pg.QueryResultRow>(
  client: pg.Client,
  text: string,
  values?: unknown[],
): Promise<pg.QueryResult<R>> {
  const previous = lastQuery.get(client) ?? Promise.resolve();
  const result = previous.then(() => client.query<R>(text, values));
  lastQuery.set(
    client,
    result.catch(() => undefined),
  );
  return result;
}

export interface SessionEvents {
  /** A new session is up (the first, or one after a loss): listen again, try for leadership. */
  connected(client: pg.Client): Promise<void>;
  /** The session ended: everything it held is gone. */
  lost(): void;
  notification(message: pg.Notification): void;
}

/**
 * One PostgreSQL session that is kept open: when it breaks (PostgreSQL restarted, the network,
 * an administrator's `pg_terminate_backend`), it is opened again with a growing pause. Advisory
 * locks and LISTEN belong to a session, so the owner hears of every loss and every new start.
 */
export class PgSession {
  private client: pg.Client | undefined;
  private waiting: { resolve(client: pg.Client): void; reject(err: Error): void }[] = [];
  private closed = false;
  private retryTimer: NodeJS.Timeout | undefined;
  private retryMs = FIRST_RETRY_MS;

  constructor(
    private readonly settings: pg.ClientConfig,
    private readonly events: SessionEvents,
    private readonly log: Logger,
  ) {}

  /** Opens the first session; fails when PostgreSQL cannot be reached now (a boot error). */
  async open(): Promise<void> {
    await this.connect();
  }

  /** The session when it is up (never a broken one), or undefined while it is being reopened. */
  current(): pg.Client | undefined {
    return this.client;
  }

  /** Resolves with a live session, waiting for the next one when it is down. */
  ready(): Promise<pg.Client> {
    if (this.closed) return Promise.reject(new Error('the cluster is closed'));
    if (this.client) return Promise.resolve(this.client);
    return new Promise((resolve, reject) => this.waiting.push({ resolve, reject }));
  }

  /** Takes the session down now and opens another (a health check found it not answering). */
  drop(client: pg.Client, err: unknown): void {
    if (this.client !== client) return;
    this.onLost(client, err);
    void client.end().catch(() => undefined);
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.retryTimer);
    for (const waiter of this.waiting) waiter.reject(new Error('the cluster is closed'));
    this.waiting = [];
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }

  private async connect(): Promise<void> {
    // Every query on this session is instant (no lock waits here), so one that takes seconds
    // means the connection hangs: the timeout makes that a loss, and a new session follows.
    const client = new pg.Client({
      ...this.settings,
      keepAlive: true,
      query_timeout: QUERY_TIMEOUT_MS,
    });
    // Without a listener an error of an idle connection would end the process.
    client.on('error', (err) => this.onLost(client, err));
    client.on('end', () => this.onLost(client, new Error('the connection ended')));
    client.on('notification', (message) => this.events.notification(message));
    try {
      await client.connect();
      await this.events.connected(client);
    } catch (err) {
      await client.end().catch(() => undefined);
      throw err;
    }
    if (this.closed) {
      await client.end().catch(() => undefined);
      return;
    }
    this.client = client;
    this.retryMs = FIRST_RETRY_MS;
    const waiting = this.waiting;
    this.waiting = [];
    for (const waiter of waiting) waiter.resolve(client);
  }

  private onLost(client: pg.Client, err: unknown): void {
    if (this.client !== client) return;
    this.client = undefined;
    if (this.closed) return;
    this.log.error({ err }, 'cluster: the PostgreSQL session broke; reconnecting');
    this.events.lost();
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    if (this.closed) return;
    const delay = this.retryMs;
    this.retryMs = Math.min(this.retryMs * 2, LAST_RETRY_MS);
    this.retryTimer = setTimeout(() => {
      this.connect().then(
        () => this.log.warn('cluster: the PostgreSQL session is back'),
        (err: unknown) => {
          this.log.error({ err, retryInMs: this.retryMs }, 'cluster: reconnecting failed');
          this.scheduleReconnect();
        },
      );
    }, delay);
    this.retryTimer.unref();
  }
}
