import { SessionService } from '../../server/src/auth/sessions.js';
import type { Config } from '../../server/src/config.js';
import { connectDatabase } from '../../server/src/db/database.js';
import { UserStore } from '../../server/src/users/userStore.js';

/**
 * Makes the people (by email) in spawner's store and a session for each, as signing in would,
 * without mail; returns their bearer tokens in order. The store must be migrated already (a
 * spawner has started on it).
 */
export async function signIn(database: Config['database'], emails: string[]): Promise<string[]> {
  const db = connectDatabase(database);
  try {
    const users = new UserStore(db);
    const sessions = new SessionService(db);
    const tokens: string[] = [];
    for (const email of emails)
      tokens.push(await sessions.create((await users.findOrCreate(email)).id));
    return tokens;
  } finally {
    await db.destroy();
  }
}
