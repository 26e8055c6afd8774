import type { ErrorCode } from '@spawner/api';
import type { Logger } from 'pino';
import { z } from 'zod';
import type { Cluster } from '../cluster/cluster.js';
import type { Db } from '../db/database.js';
import type { UserContainerRow } from '../db/schema.js';

export interface ContainerRecord {
  userId: number;
  type: string;
  containerId: string | null;
  containerPort: number | null;
  templateImage: string;
  createdAt: string | null;
  lastUsed: string | null;
  lastError: string | null;
  /** The machine code of `lastError`. */
  lastErrorCode: ErrorCode | null;
}

/** Users whose rows are kept in memory at most; past that the cache starts afresh. */
const CACHE_MAX_USERS = 10_000;

/** Another replica wrote these users' rows. */
const changedMessageSchema = z.object({ userId: z.number().int() });

/**
 * The `user_containers` table: one row per user and template, never two. Each user's rows are
 * kept in memory once read, for the dashboard's frequent list calls, and dropped whenever this
 * store writes them, or another replica says it did ('containers').
 */
export class ContainerStore {
  private readonly byUser = new Map<number, Promise<UserContainerRow[]>>();
  private readonly unsubscribe: () => void;

  constructor(
    private readonly db: Db,
    private readonly news: { cluster: Cluster; log: Logger },
  ) {
    this.unsubscribe = news.cluster.subscribe('containers', (message) => {
      const parsed = changedMessageSchema.safeParse(message);
      if (parsed.success) this.byUser.delete(parsed.data.userId);
      else
        news.log.warn({ issues: parsed.error.issues }, 'ignoring a malformed containers message');
    });
  }

  /** Stops hearing of other replicas' writes. */
  close(): void {
    this.unsubscribe();
  }

  listForUser(userId: number): Promise<UserContainerRow[]> {
    const cached = this.byUser.get(userId);
    if (cached) return cached;
    if (this.byUser.size >= CACHE_MAX_USERS) this.byUser.clear();
    const rows = this.db
      .selectFrom('user_containers')
      .selectAll()
      .where('user_id', '=', userId)
      .execute();
    this.byUser.set(userId, rows);
    rows.catch(() => this.byUser.delete(userId));
    return rows;
  }

  get(userId: number, type: string): Promise<UserContainerRow | undefined> {
    return this.db
      .selectFrom('user_containers')
      .selectAll()
      .where('user_id', '=', userId)
      .where('container_type', '=', type)
      .executeTakeFirst();
  }

  listAll(): Promise<UserContainerRow[]> {
    return this.db.selectFrom('user_containers').selectAll().execute();
  }

  /** Writes the row for (user, type), creating it the first time. */
  async save(record: ContainerRecord): Promise<void> {
    const values = {
      container_id: record.containerId,
      container_port: record.containerPort,
      template_image: record.templateImage,
      created_at: record.createdAt,
      last_used: record.lastUsed,
      last_error: record.lastError,
      last_error_code: record.lastErrorCode,
    };
    this.byUser.delete(record.userId);
    await this.db
      .insertInto('user_containers')
      .values({ user_id: record.userId, container_type: record.type, ...values })
      .onConflict((oc) => oc.columns(['user_id', 'container_type']).doUpdateSet(values))
      .execute();
    this.changed(record.userId);
  }

  async touch(userId: number, type: string, at: string): Promise<void> {
    this.byUser.delete(userId);
    await this.db
      .updateTable('user_containers')
      .set({ last_used: at })
      .where('user_id', '=', userId)
      .where('container_type', '=', type)
      .execute();
    this.changed(userId);
  }

  /** Forgets the user's container of this type (reset or delete): the list says not_created. */
  async remove(userId: number, type: string): Promise<void> {
    this.byUser.delete(userId);
    await this.db
      .deleteFrom('user_containers')
      .where('user_id', '=', userId)
      .where('container_type', '=', type)
      .execute();
    this.changed(userId);
  }

  /** Drops the user's cached rows here and, once written, on the other replicas. */
  private changed(userId: number): void {
    this.byUser.delete(userId);
    this.news.cluster
      .publish('containers', { userId })
      .catch((err: unknown) =>
        this.news.log.warn({ err, user: userId }, 'row change not passed on'),
      );
  }
}
