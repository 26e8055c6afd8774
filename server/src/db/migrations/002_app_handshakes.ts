import type { Kysely } from 'kysely';

/**
 * Subdomain mode's sign-in handshake: one-time codes that carry a dashboard session to one app
 * host, and the app sessions they become. Both hang on the dashboard session (by its token hash),
 * so ending the session ends them too.
 */
export function appHandshakes() {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('app_handshake_codes')
        .addColumn('code_hash', 'text', (c) => c.primaryKey())
        .addColumn('session_hash', 'text', (c) =>
          c.notNull().references('sessions.token_hash').onDelete('cascade'),
        )
        .addColumn('app', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('app_handshake_codes_expires')
        .on('app_handshake_codes')
        .column('expires_at')
        .execute();

      await db.schema
        .createTable('app_sessions')
        .addColumn('token_hash', 'text', (c) => c.primaryKey())
        .addColumn('session_hash', 'text', (c) =>
          c.notNull().references('sessions.token_hash').onDelete('cascade'),
        )
        .addColumn('app', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('app_sessions_session')
        .on('app_sessions')
        .column('session_hash')
        .execute();
    },
    async down(db: Kysely<unknown>): Promise<void> {
      await db.schema.dropTable('app_sessions').execute();
      await db.schema.dropTable('app_handshake_codes').execute();
    },
  };
}
