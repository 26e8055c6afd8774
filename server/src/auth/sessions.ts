import type { Logger } from 'pino';
import { z } from 'zod';
import type { Cluster } from '../cluster/cluster.js';
import { LocalCluster } from '../cluster/localCluster.js';
import type { Db } from '../db/database.js';
import type { UserRow } from '../db/schema.js';
import { hashSecret, newSecret } from './secrets.js';

export const SESSION_LIFETIME_MS = 30 * 24 * 60 * 60 * 1000;
/** How long a looked-up session is trusted without asking the store again (proxied requests are many). */
const CACHE_TTL_MS = 10_000;
const CACHE_MAX_ENTRIES = 10_000;
/** `last_seen` is written at most this often per person: a use is news, not every request. */
const LAST_SEEN_EVERY_MS = 5 * 60_000;

/** What the other replicas are told to forget: one session, or everything of one person. */
const forgetSchema = z.union([
  z.object({ hash: z.string().min(1).max(200) }),
  z.object({ userId: z.number().int().positive() }),
]);
type Forget = z.infer<typeof forgetSchema>;

export interface SessionSharing {
  /** The other replicas, told of each sign-out and account change (their caches drop it). */
  cluster: Cluster;
  log: Logger;
}

/**
 * Opaque session tokens; only their hashes are stored. One token serves as cookie and bearer.
 * Lookups are remembered for a few seconds; a sign-out, a block or an account change is
 * forgotten at once here and, through the cluster's `sessions` channel, on every replica.
 */
export class SessionService {
  private readonly cache = new Map<string, { user: UserRow | undefined; until: number }>();
  /** When `last_seen` was last written for a user id, by this process. */
  private readonly seenWritten = new Map<number, number>();
  /** Counts what was forgotten: a lookup that began before a forget must not be remembered. */
  private forgets = 0;
  private readonly cluster: Cluster;

  /** Without `sharing`, the process is the whole platform (tools, tests). */
  constructor(
    private readonly db: Db,
    private readonly sharing?: SessionSharing,
  ) {
    this.cluster = sharing?.cluster ?? new LocalCluster();
    this.cluster.subscribe('sessions', (message) => this.onForget(message));
  }

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
    const forgetsBefore = this.forgets;
    const user = await this.lookup(hash);
    if (user && Date.now() - (this.seenWritten.get(user.id) ?? 0) >= LAST_SEEN_EVERY_MS) {
      await this.markSeen(user.id, Date.now());
    }
    // A forget that came while the store answered may concern this very answer.
    if (this.forgets !== forgetsBefore) return user;
    if (this.cache.size >= CACHE_MAX_ENTRIES) this.cache.clear();
    this.cache.set(hash, { user, until: Date.now() + CACHE_TTL_MS });
    return user;
  }

  private lookup(hash: string): Promise<UserRow | undefined> {
    return (
      this.db
        .selectFrom('sessions')
        .innerJoin('users', 'users.id', 'sessions.user_id')
        .selectAll('users')
        .where('sessions.token_hash', '=', hash)
        // A blocked person's sessions are deleted; this holds even for one made in a race with it.
        .where('users.blocked_at', 'is', null)
        .where('sessions.expires_at', '>', new Date().toISOString())
        .executeTakeFirst()
    );
  }

  async revoke(token: string): Promise<void> {
    const hash = hashSecret(token);
    this.forget({ hash });
    await this.db.deleteFrom('sessions').where('token_hash', '=', hash).execute();
    await this.tellOthers({ hash });
  }

  /**
   * Ends every session of a user at once (block, account deletion): the stored ones, their app
   * sessions (which cascade with them) and what every replica remembers of them.
   */
  async revokeAllOf(userId: number): Promise<void> {
    this.forget({ userId });
    await this.db.deleteFrom('sessions').where('user_id', '=', userId).execute();
    await this.forgetUser(userId);
  }

  /**
   * Drops remembered lookups of this user on every replica, so a change to the account (admin
   * flag) counts at once. Call it once the change is stored.
   */
  async forgetUser(userId: number): Promise<void> {
    this.forget({ userId });
    await this.tellOthers({ userId });
  }

  private forget(what: Forget): void {
    this.forgets += 1;
    if ('hash' in what) {
      this.cache.delete(what.hash);
      return;
    }
    for (const [hash, entry] of this.cache) {
      if (entry.user?.id === what.userId) this.cache.delete(hash);
    }
  }

  private onForget(message: unknown): void {
    const parsed = forgetSchema.safeParse(message);
    if (parsed.success) this.forget(parsed.data);
    else this.sharing?.log.warn('sessions: dropped a malformed message from another replica');
  }

  /** After the store's change: a replica told earlier could look the old row up again. */
  private async tellOthers(what: Forget): Promise<void> {
    try {
      await this.cluster.publish('sessions', what);
    } catch (err) {
      // The store has the change; the others see it when their remembered lookup runs out.
      this.sharing?.log.error(
        { err, ...what },
        'sessions: other replicas not told; they may accept the session for a few more seconds',
      );
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
