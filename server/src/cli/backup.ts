import { existsSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import SQLite from 'better-sqlite3';
import type { Command } from 'commander';
import { loadConfig } from '../config.js';
import { CliError } from './output.js';

/** `spawner backup <file>`: SQLite's online backup, safe while spawner runs. */
export function registerBackup(program: Command, env: NodeJS.ProcessEnv): void {
  program
    .command('backup')
    .description('copy the SQLite store to a new file while spawner runs (PostgreSQL: pg_dump)')
    .argument('<file>', 'the copy to write (must not exist yet)')
    .action(async (file: string) => {
      const { database } = loadConfig(env);
      if (database.kind === 'postgres') {
        throw new CliError(
          [
            'the store is PostgreSQL: back it up with its own tool, pg_dump, for example',
            `  pg_dump --format=custom --file=${shellWord(file)} "$DATABASE_URL"`,
            `and restore with: pg_restore --clean --if-exists --dbname="$DATABASE_URL" ${shellWord(file)}`,
          ].join('\n'),
        );
      }
      if (!existsSync(database.path)) {
        throw new CliError(`no SQLite store at ${database.path} (DATABASE_URL)`);
      }
      if (existsSync(file)) {
        throw new CliError(`${file} exists already: give the backup a new name`);
      }
      const sqlite = new SQLite(database.path, { fileMustExist: true });
      try {
        // Page by page, letting spawner write in between: the copy is one consistent moment.
        await sqlite.backup(file);
      } finally {
        sqlite.close();
      }
      const { size } = await stat(file);
      process.stdout.write(`backed up ${database.path} to ${file} (${size} bytes)\n`);
    });
}

/** A file name as one shell word, quoted when it needs to be. */
function shellWord(text: string): string {
  return /^[\w./-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}
