import type { AuditEvent, AuditQuery, AuditResponse } from '@spawner/api';
import { sql, type Selectable, type SelectQueryBuilder } from 'kysely';
import type { Db } from '../db/database.js';
import type { AuditEventsTable, Database } from '../db/schema.js';

type EventQuery = SelectQueryBuilder<Database, 'audit_events', object>;

/** Reads and prunes the audit log (the writing is AuditLog's). */
export class AuditEvents {
  constructor(private readonly db: Db) {}

  /** One page of the events the filters match, newest first, and how many match in all. */
  async list(query: AuditQuery): Promise<AuditResponse> {
    const matching = filtered(this.db.selectFrom('audit_events'), query);
    const [rows, count] = await Promise.all([
      matching
        .selectAll()
        .orderBy('at', 'desc')
        .orderBy('id', 'desc')
        .limit(query.per_page)
        .offset((query.page - 1) * query.per_page)
        .execute(),
      matching.select((eb) => eb.fn.countAll<number | string>().as('total')).executeTakeFirst(),
    ]);
    return {
      events: rows.map(present),
      // PostgreSQL counts in bigint, which pg hands over as text.
      total: Number(count?.total ?? 0),
      page: query.page,
      per_page: query.per_page,
    };
  }

  /** Deletes the events from before `cutoff`; returns how many went. */
  async deleteBefore(cutoff: Date): Promise<number> {
    const result = await this.db
      .deleteFrom('audit_events')
      .where('at', '<', cutoff.toISOString())
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}

function filtered(query: EventQuery, filters: AuditQuery): EventQuery {
  let q = query;
  if (filters.actor !== undefined) q = byActor(q, filters.actor);
  if (filters.action) q = q.where('action', '=', filters.action);
  if (filters.type) q = q.where('target_type', '=', filters.type);
  if (filters.outcome) q = q.where('outcome', '=', filters.outcome);
  // Stored as toISOString() text, so a filter in any offset is brought to the same form first.
  if (filters.from) q = q.where('at', '>=', new Date(filters.from).toISOString());
  if (filters.to) q = q.where('at', '<', new Date(filters.to).toISOString());
  return q;
}

/** A user id, or part of an email address (addresses are stored lower-cased). */
function byActor(query: EventQuery, actor: string): EventQuery {
  if (/^\d+$/.test(actor)) return query.where('actor_id', '=', Number(actor));
  const pattern = `%${actor.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return query.where(sql<boolean>`actor_email like ${pattern} escape '\\'`);
}

function present(row: Selectable<AuditEventsTable>): AuditEvent {
  return {
    id: row.id,
    at: row.at,
    actor_id: row.actor_id,
    actor_email: row.actor_email,
    action: row.action as AuditEvent['action'],
    target_user_id: row.target_user_id,
    target_email: row.target_email,
    target_type: row.target_type,
    ip: row.ip,
    outcome: row.outcome as AuditEvent['outcome'],
    detail: row.detail,
  };
}
