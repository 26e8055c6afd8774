import type { Command } from 'commander';
import { loadConfig } from '../config.js';
import { connectDatabase, createMigrator } from '../db/database.js';
import { storeName } from './output.js';

/** `spawner migrate`: runs the store's pending migrations and says which ran. */
export function registerMigrate(program: Command, env: NodeJS.ProcessEnv): void {
  program
    .command('migrate')
    .description('run the pending migrations of the store (spawner also runs them at start)')
    .action(async () => {
      const config = loadConfig(env);
      const db = connectDatabase(config.database);
      try {
        const migrator = createMigrator(db, config.database.kind);
        const { error, results = [] } = await migrator.migrateToLatest();
        for (const r of results) {
          const outcome = { Success: 'ran', Error: 'FAILED', NotExecuted: 'not run' }[r.status];
          process.stdout.write(`${outcome.padEnd(7)}  ${r.migrationName}\n`);
        }
        if (error) {
          throw error instanceof Error ? error : new Error('migration failed', { cause: error });
        }
        const total = (await migrator.getMigrations()).length;
        process.stdout.write(
          results.length
            ? `${storeName(config.database)}: ${results.length} migration(s) ran; all ${total} done.\n`
            : `${storeName(config.database)} is up to date (${total} migrations); nothing to run.\n`,
        );
      } finally {
        await db.destroy();
      }
    });
}
