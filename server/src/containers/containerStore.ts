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
}

/** The `user_containers` table: one row per user and template, never two. */
export class ContainerStore {
  constructor(private readonly db: Db) {}

  listForUser(userId: number): Promise<UserContainerRow[]> {
    return this.db
      .selectFrom('user_containers')
      .selectAll()
      .where('user_id', '=', userId)
      .execute();
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
    };
    await this.db
      .insertInto('user_containers')
      .values({ user_id: record.userId, container_type: record.type, ...values })
      .onConflict((oc) => oc.columns(['user_id', 'container_type']).doUpdateSet(values))
      .execute();
  }

  async touch(userId: number, type: string, at: string): Promise<void> {
    await this.db
      .updateTable('user_containers')
      .set({ last_used: at })
      .where('user_id', '=', userId)
      .where('container_type', '=', type)
      .execute();
  }
}
