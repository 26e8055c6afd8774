import type { Kysely } from 'kysely';

/**
 * What the admin console needs of a user: the administrator flag, a block, an invitation and
 * when the person was last seen. `is_admin` is an integer 0/1 in both dialects, so one query
 * (`is_admin = 1`) and one row type serve SQLite (which has no boolean) and PostgreSQL alike.
 */
export function usersAdmin() {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .alterTable('users')
        .addColumn('is_admin', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();
      await db.schema.alterTable('users').addColumn('blocked_at', 'text').execute();
      await db.schema.alterTable('users').addColumn('invited_at', 'text').execute();
      await db.schema.alterTable('users').addColumn('last_seen', 'text').execute();
      // The console sorts 10,000 people by these; email and slug are indexed by their unique keys.
      await db.schema.createIndex('users_created_at').on('users').column('created_at').execute();
      await db.schema.createIndex('users_last_seen').on('users').column('last_seen').execute();
    },
  };
}
