import type { Kysely } from 'kysely';

/**
 * The machine code of a container's last failed launch, beside its sentence: the dashboard
 * shows the cause in the reader's language from the code.
 */
export function lastErrorCode() {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema.alterTable('user_containers').addColumn('last_error_code', 'text').execute();
    },
  };
}
