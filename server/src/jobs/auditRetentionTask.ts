import type { Logger } from 'pino';
import type { AuditEvents } from '../audit/auditEvents.js';
import { IntervalTask } from './task.js';

const DAY_MS = 24 * 60 * 60_000;

/** Deletes audit events older than AUDIT_RETENTION_DAYS (registered only when that is above 0). */
export class AuditRetentionTask extends IntervalTask {
  readonly name = 'audit-retention';
  readonly intervalMs = 60 * 60_000;

  constructor(
    private readonly deps: { events: AuditEvents; retentionDays: number },
    log: Logger,
  ) {
    super(log);
  }

  protected async run(): Promise<void> {
    const cutoff = new Date(Date.now() - this.deps.retentionDays * DAY_MS);
    const deleted = await this.deps.events.deleteBefore(cutoff);
    if (deleted > 0)
      this.log.info({ deleted, before: cutoff.toISOString() }, 'old audit events deleted');
  }
}
