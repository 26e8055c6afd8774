import type { Db } from '../db/database.js';
import { containerKey } from './identity.js';
import type { ReplicaPresence } from './replicaPresence.js';

/**
 * The open connections (WebSockets, streams) of every replica, by container, in the store: the
 * idle culler runs on one replica and must see the connections held by all of them. Each
 * replica writes its own count per container; a dead replica's counts are ignored with it.
 */
export class ConnectionLeases {
  constructor(private readonly deps: { db: Db; presence: ReplicaPresence }) {}

  /** Writes this replica's number of open connections to the container; 0 removes its row. */
  async write(userId: number, type: string, count: number): Promise<void> {
    const { db, presence } = this.deps;
    const mine = { replica_id: presence.replicaId, user_id: userId, container_type: type };
    if (count === 0) {
      await db
        .deleteFrom('connection_leases')
        .where('replica_id', '=', mine.replica_id)
        .where('user_id', '=', userId)
        .where('container_type', '=', type)
        .execute();
      return;
    }
    const renewed = { count, renewed_at: new Date().toISOString() };
    await db
      .insertInto('connection_leases')
      .values({ ...mine, ...renewed })
      .onConflict((oc) =>
        oc.columns(['replica_id', 'user_id', 'container_type']).doUpdateSet(renewed),
      )
      .execute();
  }

  /** The containers (by `containerKey`) with a connection open on any live replica. */
  async inUse(): Promise<Set<string>> {
    const rows = await this.deps.db
      .selectFrom('connection_leases')
      .select(['user_id', 'container_type'])
      .where('count', '>', 0)
      .where('replica_id', 'in', this.deps.presence.alive())
      .execute();
    return new Set(rows.map((row) => containerKey(row.user_id, row.container_type)));
  }
}
