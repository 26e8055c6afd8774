import type { ColumnDefinitionBuilder, Kysely } from 'kysely';
import type { Dialect } from '../dialect.js';

/**
 * What the spawner processes of one store ("replicas") must see of each other: which of them
 * are alive (a heartbeat), the connections that keep an app from idling, the launches holding a
 * place within the quotas, and the shared launch queue. Every other row names its replica, so
 * that the rows of a replica that died without cleaning up are ignored once its heartbeat is
 * old, and purged. No foreign keys: a purge may remove the replica's row first.
 */
export function replicaState(dialect: Dialect) {
  // Ids in the order rows were made: the queue's order.
  const serial = (c: ColumnDefinitionBuilder) =>
    dialect === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement();
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('replicas')
        .addColumn('replica_id', 'text', (c) => c.primaryKey())
        .addColumn('seen_at', 'text', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('connection_leases')
        .addColumn('replica_id', 'text', (c) => c.notNull())
        .addColumn('user_id', 'integer', (c) => c.notNull())
        .addColumn('container_type', 'text', (c) => c.notNull())
        .addColumn('count', 'integer', (c) => c.notNull())
        .addColumn('renewed_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('connection_leases_pk', [
          'replica_id',
          'user_id',
          'container_type',
        ])
        .execute();

      await db.schema
        .createTable('launch_places')
        .addColumn('id', dialect === 'postgres' ? 'serial' : 'integer', serial)
        .addColumn('replica_id', 'text', (c) => c.notNull())
        .addColumn('user_id', 'integer', (c) => c.notNull())
        .addColumn('container_key', 'text', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('launch_tickets')
        .addColumn('id', dialect === 'postgres' ? 'serial' : 'integer', serial)
        .addColumn('replica_id', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
    },
    async down(db: Kysely<unknown>): Promise<void> {
      for (const table of ['launch_tickets', 'launch_places', 'connection_leases', 'replicas']) {
        await db.schema.dropTable(table).execute();
      }
    },
  };
}
