import type { Kysely } from 'kysely';

/**
 * A person's own limit of running containers, set by an administrator; null (every existing
 * person) means the platform's default, MAX_RUNNING_PER_USER.
 */
export function userQuota() {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema.alterTable('users').addColumn('max_running', 'integer').execute();
    },
  };
}
