import type { Logger } from 'pino';
import type { AppHandshakeService } from '../auth/appHandshake.js';
import type { MagicLinkService } from '../auth/magicLinks.js';
import type { MagicLinkRateLimit } from '../auth/rateLimit.js';
import type { SessionService } from '../auth/sessions.js';
import { IntervalTask } from './task.js';

/**
 * Deletes sign-in links, sessions, handshake codes, app sessions and shared sign-in budgets that
 * can no longer be used.
 */
export class PurgeExpiredTask extends IntervalTask {
  readonly name = 'purge-expired';
  readonly intervalMs = 60 * 60_000;

  constructor(
    private readonly deps: {
      magicLinks: MagicLinkService;
      sessions: SessionService;
      appSessions: AppHandshakeService;
      rateLimit: MagicLinkRateLimit;
    },
    log: Logger,
  ) {
    super(log);
  }

  protected async run(): Promise<void> {
    await this.deps.magicLinks.purgeExpired();
    await this.deps.sessions.purgeExpired();
    await this.deps.appSessions.purgeExpired();
    await this.deps.rateLimit.purgeExpired();
  }
}
