import type { AuditAction, AuditOutcome } from '@spawner/api';
import type { Logger } from 'pino';
import type { Db } from '../db/database.js';
import type { AuditEventsTable } from '../db/schema.js';
import type { Insertable } from 'kysely';
import { outcomeOfError } from './outcome.js';

export type { AuditAction, AuditOutcome } from '@spawner/api';

/** Who acted: a signed-in person (an AuthenticatedUser fits), or null for nobody / the platform. */
export type AuditActor = { id: number; email: string } | null;

/** One act worth keeping a record of. */
export interface AuditEntry {
  actor: AuditActor;
  action: AuditAction;
  /** Whose account or container was acted on (a container: its owner and template key). */
  target?: { userId?: number; email?: string; type?: string };
  /** The client's address (Fastify's `request.ip`, which honours TRUST_PROXY). */
  ip: string | null;
  outcome: AuditOutcome;
  /** Why it was refused or failed, or anything else worth a line. */
  detail?: string;
}

/** Rows per INSERT: well under SQLite's bound-parameter limit (11 columns each). */
const BATCH_ROWS = 500;
/** A detail is a sentence, not a dump. */
const MAX_DETAIL = 1000;

/**
 * The audit log's writer. `record` never blocks and never throws: the entry is queued and written
 * with whatever else arrived in the same tick, in one INSERT, after the caller has moved on. A
 * failed write is logged (with the entries, so nothing is lost silently) and does not touch the
 * request that caused it.
 */
export class AuditLog {
  private pending: Insertable<AuditEventsTable>[] = [];
  private scheduled = false;
  private writing: Promise<void> = Promise.resolve();

  constructor(private readonly deps: { db: Db; log: Logger }) {}

  record(entry: AuditEntry): void {
    this.pending.push(rowOf(entry, new Date()));
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      void this.flush();
    });
  }

  /**
   * Runs an act and records how it ended: `ok`, or the refusal or failure its error stands for
   * (the error is thrown on, unchanged).
   */
  async around<T>(entry: Omit<AuditEntry, 'outcome'>, act: () => Promise<T>): Promise<T> {
    try {
      const result = await act();
      this.record({ ...entry, outcome: 'ok' });
      return result;
    } catch (err) {
      const failure = outcomeOfError(err);
      const detail = entry.detail ? `${entry.detail}; ${failure.detail}` : failure.detail;
      this.record({ ...entry, outcome: failure.outcome, detail });
      throw err;
    }
  }

  /** Writes everything recorded so far; resolves once it is stored (or its failure logged). */
  flush(): Promise<void> {
    const rows = this.pending;
    this.pending = [];
    // Chained: batches land in the order they were recorded, and flush() waits for earlier ones.
    this.writing = this.writing.then(() => this.write(rows));
    return this.writing;
  }

  private async write(rows: Insertable<AuditEventsTable>[]): Promise<void> {
    for (let i = 0; i < rows.length; i += BATCH_ROWS) {
      const batch = rows.slice(i, i + BATCH_ROWS);
      try {
        await this.deps.db.insertInto('audit_events').values(batch).execute();
      } catch (err) {
        this.deps.log.error({ err, events: batch }, 'audit events could not be stored');
      }
    }
  }
}

function rowOf(entry: AuditEntry, at: Date): Insertable<AuditEventsTable> {
  return {
    at: at.toISOString(),
    actor_id: entry.actor?.id ?? null,
    actor_email: entry.actor?.email ?? null,
    action: entry.action,
    target_user_id: entry.target?.userId ?? null,
    target_email: entry.target?.email ?? null,
    target_type: entry.target?.type ?? null,
    ip: entry.ip,
    outcome: entry.outcome,
    detail: entry.detail === undefined ? null : entry.detail.slice(0, MAX_DETAIL),
  };
}
