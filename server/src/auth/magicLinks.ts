import type { Logger } from 'pino';
import type { AuditLog } from '../audit/auditLog.js';
import type { Db } from '../db/database.js';
import { escapeHtml } from '../http/html.js';
import { InvalidTokenError } from '../errors.js';
import type { UserStore } from '../users/userStore.js';
import type { UserRow } from '../db/schema.js';
import type { Mailer } from './mailer.js';
import type { MagicLinkRateLimit } from './rateLimit.js';
import { hashSecret, newSecret } from './secrets.js';
import type { SignupPolicy } from './signupPolicy.js';

const LINK_LIFETIME_MS = 15 * 60 * 1000;

export class MagicLinkService {
  constructor(
    private readonly deps: {
      db: Db;
      users: UserStore;
      mailer: Mailer;
      rateLimit: MagicLinkRateLimit;
      signup: SignupPolicy;
      publicUrl: URL;
      audit: AuditLog;
      log: Logger;
    },
  ) {}

  /**
   * Sends a sign-in link. The work is the same whether the address is known or not (the account
   * is made when the link is confirmed), and the mail goes out after we answer, so neither the
   * answer nor its timing tells whether an account exists. An address that may not sign up gets
   * the same answer and no mail; the refusal is logged with the address, so an operator can tell
   * a person why no mail came and add them (it was validated as an address, and pino escapes it).
   */
  async request(email: string, ip: string): Promise<void> {
    await this.deps.rateLimit.consume(email, ip);
    // A blocked person is refused like an address that may not sign up: the same answer, no mail.
    const [mayAsk, blocked] = await Promise.all([
      this.deps.signup.mayRequestLink(email),
      this.isBlocked(email),
    ]);
    const allowed = mayAsk && !blocked;
    const token = await this.storeLink(email);
    // A refused address gets the same work up to here (its link is stored and never sent), so
    // the answer's timing does not tell either.
    const refusal = blocked ? 'this person is blocked' : 'this address may not sign up (SIGNUP)';
    this.deps.audit.record({
      actor: null,
      action: allowed ? 'magic_link_requested' : blocked ? 'sign_in_refused' : 'signup_refused',
      target: { email },
      ip,
      outcome: allowed ? 'ok' : 'refused',
      ...(allowed ? {} : { detail: refusal }),
    });
    if (!allowed) {
      this.deps.log.warn({ email, ip }, `sign-in link refused: ${refusal}`);
      return;
    }
    this.mailLink(email, token);
  }

  /**
   * Sends a sign-in link on an administrator's word (an invitation): no rate limit and no
   * sign-up rule, since the address has just been let in. A blocked person still gets none.
   */
  async send(email: string): Promise<void> {
    if (await this.isBlocked(email)) return;
    this.mailLink(email, await this.storeLink(email));
  }

  /** Forgets the address's links (its account is deleted: an old link must not make it again). */
  async revokeFor(email: string): Promise<void> {
    await this.deps.db.deleteFrom('magic_links').where('email', '=', email).execute();
  }

  private async isBlocked(email: string): Promise<boolean> {
    const user = await this.deps.users.findByEmail(email);
    return user !== undefined && user.blocked_at !== null;
  }

  /** Stores a fresh link for the address; returns its token. */
  private async storeLink(email: string): Promise<string> {
    const token = newSecret();
    const now = Date.now();
    await this.deps.db
      .insertInto('magic_links')
      .values({
        token_hash: hashSecret(token),
        email,
        created_at: new Date(now).toISOString(),
        expires_at: new Date(now + LINK_LIFETIME_MS).toISOString(),
        used_at: null,
      })
      .execute();
    return token;
  }

  /** Mails the link after the caller has its answer; a failed delivery is logged, not thrown. */
  private mailLink(email: string, token: string): void {
    const link = new URL('/auth/verify', this.deps.publicUrl);
    link.searchParams.set('token', token);
    this.deps.mailer
      .send(signInMail(email, link.href, this.deps.publicUrl.host))
      .catch((err: unknown) => {
        this.deps.log.error({ err, to: email }, 'sign-in mail could not be sent');
      });
  }

  /** The address a link is for, without using it up (for the confirmation page). */
  async preview(token: string): Promise<string> {
    const row = await this.deps.db
      .selectFrom('magic_links')
      .select('email')
      .where('token_hash', '=', hashSecret(token))
      .where('used_at', 'is', null)
      .where('expires_at', '>', new Date().toISOString())
      .executeTakeFirst();
    if (!row) throw new InvalidTokenError();
    return row.email;
  }

  /** Uses the link up (one atomic UPDATE, so it works once even under races) and returns its user. */
  async consume(token: string): Promise<UserRow> {
    const now = new Date().toISOString();
    const row = await this.deps.db
      .updateTable('magic_links')
      .set({ used_at: now })
      .where('token_hash', '=', hashSecret(token))
      .where('used_at', 'is', null)
      .where('expires_at', '>', now)
      .returning('email')
      .executeTakeFirst();
    if (!row) throw new InvalidTokenError();
    const user = await this.deps.users.findOrCreate(row.email);
    // Blocked after the link went out: refused like a spent link, so nothing is given away.
    if (user.blocked_at !== null) throw new InvalidTokenError();
    return user;
  }

  /** Forgets links that can no longer be used. */
  async purgeExpired(): Promise<void> {
    await this.deps.db
      .deleteFrom('magic_links')
      .where('expires_at', '<', new Date().toISOString())
      .execute();
  }
}

function signInMail(to: string, link: string, host: string) {
  const text = `Sign in to spawner at ${host}: ${link}\n\nThe link works once, for 15 minutes. If you did not ask for it, ignore this mail.`;
  const html = `<p>Sign in to spawner at ${escapeHtml(host)}:</p><p><a href="${escapeHtml(link)}">Sign in</a></p><p>The link works once, for 15 minutes. If you did not ask for it, ignore this mail.</p>`;
  return { to, subject: 'Your spawner sign-in link', text, html };
}
