import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, SqliteDialect, type Migration } from 'kysely';
import type { Config } from '../config.js';
import type { Dialect } from './dialect.js';
import { createPgPool } from './pgPool.js';
import { initial } from './migrations/001_initial.js';
import { appHandshakes } from './migrations/002_app_handshakes.js';
import { lastErrorCode } from './migrations/003_last_error_code.js';
import { usersAdmin } from './migrations/004_users_admin.js';
import { userQuota } from './migrations/005_user_quota.js';
import { auditEvents } from './migrations/006_audit_events.js';
import { rateLimits } from './migrations/008_rate_limits.js';
import { replicaState } from './migrations/007_replica_state.js';
import type { Database } from './schema.js';

export type Db = Kysely<Database>;

/** Opens the store named by the config and brings its schema up to date. */
export async function openDatabase(settings: Config['database']): Promise<Db> {
  const db = connectDatabase(settings);
  try {
    await migrate(db, settings.kind);
  } catch (err) {
    await db.destroy();
    throw err;
  }
  return db;
}

/** Connects to the store without touching its schema (the CLI's doctor and migrate). */
export function connectDatabase(settings: Config['database']): Db {
  return new Kysely<Database>({ dialect: createDialect(settings) });
}

function createDialect(settings: Config['database']) {
  if (settings.kind === 'postgres') {
    return new PostgresDialect({ pool: createPgPool(settings.url, 10) });
  }
  if (settings.path !== ':memory:') mkdirSync(dirname(settings.path), { recursive: true });
  const sqlite = new SQLite(settings.path);
  // WAL lets readers run beside the writer; busy_timeout waits out a second process's lock.
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('foreign_keys = ON');
  return new SqliteDialect({ database: sqlite });
}

/** The migrator of spawner's schema: run at start, and asked by the CLI what is pending. */
export function createMigrator(db: Kysely<Database>, dialect: Dialect): Migrator {
  const migrations: Record<string, Migration> = {
    '001_initial': initial(dialect),
    '002_app_handshakes': appHandshakes(),
    '003_last_error_code': lastErrorCode(),
    '004_users_admin': usersAdmin(),
    '005_user_quota': userQuota(),
    '006_audit_events': auditEvents(dialect),
    '008_rate_limits': rateLimits(dialect),
    '007_replica_state': replicaState(dialect),
  };
  return new Migrator({
    db,
    provider: { getMigrations: () => Promise.resolve(migrations) },
  });
}

async function migrate(db: Kysely<Database>, dialect: Dialect): Promise<void> {
  const { error } = await createMigrator(db, dialect).migrateToLatest();
  if (error)
    throw error instanceof Error ? error : new Error('database migration failed', { cause: error });
}
