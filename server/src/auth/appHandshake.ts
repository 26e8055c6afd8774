import type { Db } from '../db/database.js';
import type { UserRow } from '../db/schema.js';
import { hashSecret, newSecret } from './secrets.js';
import type { SessionService } from './sessions.js';

/** A handshake code is used within a redirect or two: a minute is plenty. */
const HANDSHAKE_CODE_LIFETIME_MS = 60_000;
/** An app session lasts a day at most, and never past its dashboard session. */
const APP_SESSION_MAX_MS = 24 * 60 * 60 * 1000;
/** How long a looked-up app session is trusted without asking the store again (like sessions). */
const CACHE_TTL_MS = 10_000;
const CACHE_MAX_ENTRIES = 10_000;

/** An app session as stored: which dashboard session it hangs on, for which app, until when. */
interface AppSessionRecord {
  sessionHash: string;
  app: string;
  expiresAt: number;
}

/**
 * Subdomain mode's sign-in for app hosts. The dashboard's session cookie is host-only and never
 * reaches an app's origin; instead the dashboard hands a signed-in owner a one-time code (stored
 * hashed, single use, a minute long) that the app host trades for its own cookie. That cookie is
 * good for that one app, and ends with the dashboard session it came from (sign-out included).
 * Codes and app sessions live in the store, so any replica can redeem and check them.
 */
export class AppHandshakeService {
  private readonly cache = new Map<
    string,
    { record: AppSessionRecord | undefined; until: number }
  >();

  constructor(private readonly deps: { db: Db; sessions: SessionService }) {}

  /** A fresh one-time code that carries the session `sessionToken` to the host of `app`. */
  async issueCode(sessionToken: string, app: string): Promise<string> {
    const code = newSecret();
    await this.deps.db
      .insertInto('app_handshake_codes')
      .values({
        code_hash: hashSecret(code),
        session_hash: hashSecret(sessionToken),
        app,
        expires_at: new Date(Date.now() + HANDSHAKE_CODE_LIFETIME_MS).toISOString(),
      })
      .execute();
    return code;
  }

  /**
   * Uses a code up (whatever the outcome: a code is never good twice) and makes an app session of
   * it. Undefined when the code is unknown, used, expired, for another app, or its session ended.
   */
  async redeem(
    code: string,
    app: string,
  ): Promise<{ token: string; maxAgeSeconds: number } | undefined> {
    // Deleting is the check: of two requests with one code, one gets the row.
    const row = await this.deps.db
      .deleteFrom('app_handshake_codes')
      .where('code_hash', '=', hashSecret(code))
      .returning(['session_hash', 'app', 'expires_at'])
      .executeTakeFirst();
    const now = Date.now();
    if (!row || row.app !== app || Date.parse(row.expires_at) <= now) return undefined;
    const session = await this.deps.db
      .selectFrom('sessions')
      .select('expires_at')
      .where('token_hash', '=', row.session_hash)
      .where('expires_at', '>', new Date(now).toISOString())
      .executeTakeFirst();
    if (!session) return undefined;
    const expiresAt = Math.min(Date.parse(session.expires_at), now + APP_SESSION_MAX_MS);
    const token = newSecret();
    await this.deps.db
      .insertInto('app_sessions')
      .values({
        token_hash: hashSecret(token),
        session_hash: row.session_hash,
        app,
        created_at: new Date(now).toISOString(),
        expires_at: new Date(expiresAt).toISOString(),
      })
      .execute();
    return { token, maxAgeSeconds: Math.floor((expiresAt - now) / 1000) };
  }

  /**
   * Who an app cookie belongs to and the one app it opens; undefined when unknown or expired, or
   * when its dashboard session ended (checked through the session service, which forgets a
   * revoked session at once).
   */
  async resolve(token: string): Promise<{ user: UserRow; app: string } | undefined> {
    const record = await this.record(hashSecret(token));
    if (!record || record.expiresAt <= Date.now()) return undefined;
    const user = await this.deps.sessions.resolveHash(record.sessionHash);
    return user && { user, app: record.app };
  }

  async purgeExpired(): Promise<void> {
    const now = new Date().toISOString();
    await this.deps.db.deleteFrom('app_handshake_codes').where('expires_at', '<', now).execute();
    await this.deps.db.deleteFrom('app_sessions').where('expires_at', '<', now).execute();
  }

  private async record(hash: string): Promise<AppSessionRecord | undefined> {
    const cached = this.cache.get(hash);
    if (cached && cached.until > Date.now()) return cached.record;
    const row = await this.deps.db
      .selectFrom('app_sessions')
      .select(['session_hash', 'app', 'expires_at'])
      .where('token_hash', '=', hash)
      .executeTakeFirst();
    const record = row && {
      sessionHash: row.session_hash,
      app: row.app,
      expiresAt: Date.parse(row.expires_at),
    };
    if (this.cache.size >= CACHE_MAX_ENTRIES) this.cache.clear();
    this.cache.set(hash, { record, until: Date.now() + CACHE_TTL_MS });
    return record;
  }
}
