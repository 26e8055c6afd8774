import type { Db } from '../db/database.js';
import type { UserRow } from '../db/schema.js';
import { hashSecret, newSecret } from './secrets.js';

export const SESSION_LIFETIME_MS = 30 * 24 * 60 * 60 * 1000;
/** How long a looked-up session is trusted without asking the store again (proxied requests are many). */
const CACHE_TTL_MS = 10_000;
const CACHE_MAX_ENTRIES = 10_000;
/** `last_seen` is written at most this often per person: a use is news, not every request. */
const LAST_SEEN_EVERY_MS = 5 * 60_000;

/** Opaque session tokens; only their hashes are stored. One token serves as cookie and bearer. */
export class SessionService {
  private readonly cache = new Map<string, { user: UserRow | undefined; until: number }>();
  /** When `last_seen` was last written for a user id, by this process. */
  private readonly seenWritten = new Map<number, number>();

  constructor(private readonly db: Db) {}

  async create(userId: number): Promise<string> {
    const token = newSecret();
    const now = Date.now();
    await this.db
      .insertInto('sessions')
      .values({
        token_hash: hashSecret(token),
        user_id: userId,
        created_at: new Date(now).toISOString(),
        expires_at: new Date(now + SESSION_LIFETIME_MS).toISOString(),
      })
      .execute();
    await this.markSeen(userId, now);
    return token;
  }

  /** The user a live token belongs to, or undefined. */
  resolve(token: string): Promise<UserRow | undefined> {
    return this.resolveHash(hashSecret(token));
  }

  /** The same, from the token's stored hash (app sessions know their session by it). */
  async resolveHash(hash: string): Promise<UserRow | undefined> {
    const cached = this.cache.get(hash);
    if (cached && cached.until > Date.now()) return cached.user;
    const user = await this.lookup(hash);
    if (user && Date.now() - (this.seenWritten.get(user.id) ?? 0) >= LAST_SEEN_EVERY_MS) {
      await this.markSeen(user.id, Date.now());
    }
    if (this.cache.size >= CACHE_MAX_ENTRIES) this.cache.clear();
    this.cache.set(hash, { user, until: Date.now() + CACHE_TTL_MS });
    return user;
  }

  private lookup(hash: string): Promise<UserRow | undefined> {
    return this.db
      .selectFrom('sessions')
      .innerJoin('users', 'users.id', 'sessions.user_id')
      .selectAll('users')
      .where('sessions.token_hash', '=', hash)
      // A blocked person's sessions are deleted; this holds even for one made in a race with it.
      .where('users.blocked_at', 'is', null)
      .where('sessions.expires_at', '>', new Date().toISOString())
      .executeTakeFirst();
  }

  async revoke(token: string): Promise<void> {
    const hash = hashSecret(token);
    this.cache.delete(hash);
    await this.db.deleteFrom('sessions').where('token_hash', '=', hash).execute();
  }

  /**
   * Ends every session of a user at once (block, account deletion): the stored ones, their app
   * sessions (which cascade with them) and what this process remembers of them.
   */
  async revokeAllOf(userId: number): Promise<void> {
    this.forgetUser(userId);
    await this.db.deleteFrom('sessions').where('user_id', '=', userId).execute();
    // Again: a lookup that was under way during the delete may have remembered the user.
    this.forgetUser(userId);
  }

  /** Drops remembered lookups of this user, so a change to the account (admin flag) counts at once. */
  forgetUser(userId: number): void {
    for (const [hash, entry] of this.cache) {
      if (entry.user?.id === userId) this.cache.delete(hash);
    }
  }

  private async markSeen(userId: number, at: number): Promise<void> {
    if (this.seenWritten.size >= CACHE_MAX_ENTRIES) this.seenWritten.clear();
    this.seenWritten.set(userId, at);
    await this.db
      .updateTable('users')
      .set({ last_seen: new Date(at).toISOString() })
      .where('id', '=', userId)
      .execute();
  }

  async purgeExpired(): Promise<void> {
    await this.db
      .deleteFrom('sessions')
      .where('expires_at', '<', new Date().toISOString())
      .execute();
  }
}
