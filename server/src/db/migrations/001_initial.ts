import type { Kysely } from 'kysely';
import type { Dialect } from '../dialect.js';

/** Schema v1. Written with the schema builder so the same code runs on SQLite and PostgreSQL. */
export function initial(dialect: Dialect) {
  const idType = dialect === 'postgres' ? 'serial' : 'integer';
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('users')
        .addColumn('id', idType, (c) =>
          dialect === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement(),
        )
        .addColumn('email', 'text', (c) => c.notNull().unique())
        .addColumn('slug', 'text', (c) => c.notNull().unique())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('user_containers')
        .addColumn('id', idType, (c) =>
          dialect === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement(),
        )
        .addColumn('user_id', 'integer', (c) =>
          c.notNull().references('users.id').onDelete('cascade'),
        )
        .addColumn('container_type', 'text', (c) => c.notNull())
        .addColumn('container_id', 'text')
        .addColumn('container_port', 'integer')
        .addColumn('template_image', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text')
        .addColumn('last_used', 'text')
        .addColumn('last_error', 'text')
        .addUniqueConstraint('user_containers_user_type', ['user_id', 'container_type'])
        .execute();

      await db.schema
        .createTable('magic_links')
        .addColumn('token_hash', 'text', (c) => c.primaryKey())
        .addColumn('email', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'text', (c) => c.notNull())
        .addColumn('used_at', 'text')
        .execute();
      await db.schema
        .createIndex('magic_links_expires')
        .on('magic_links')
        .column('expires_at')
        .execute();

      await db.schema
        .createTable('sessions')
        .addColumn('token_hash', 'text', (c) => c.primaryKey())
        .addColumn('user_id', 'integer', (c) =>
          c.notNull().references('users.id').onDelete('cascade'),
        )
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('sessions_user').on('sessions').column('user_id').execute();
    },
    async down(db: Kysely<unknown>): Promise<void> {
      for (const table of ['sessions', 'magic_links', 'user_containers', 'users']) {
        await db.schema.dropTable(table).execute();
      }
    },
  };
}
