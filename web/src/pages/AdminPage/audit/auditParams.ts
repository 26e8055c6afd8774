import type { AuditAction, AuditOutcome, AuditQuery } from '@spawner/api';
import { PER_PAGE, pageOf } from '../table/listParams';

/** The address's params of the audit list: its filters and the page. */
export const AUDIT_PARAMS = ['actor', 'action', 'outcome', 'from', 'to', 'page'] as const;
export type AuditParams = Partial<Record<(typeof AUDIT_PARAMS)[number], string>>;

// Records, so a new action or outcome in the contract fails the type check until it is listed.
const ACTIONS: Record<AuditAction, true> = {
  magic_link_requested: true,
  sign_in: true,
  sign_in_refused: true,
  signup_refused: true,
  sign_out: true,
  launch: true,
  stop: true,
  restart: true,
  reset: true,
  delete: true,
  data_download: true,
  proxy_refused: true,
  account_deleted: true,
  admin_block: true,
  admin_unblock: true,
  admin_grant: true,
  admin_revoke: true,
  admin_invite: true,
  admin_delete_user: true,
  admin_stop: true,
  admin_delete_container: true,
  admin_quota: true,
};
const OUTCOMES: Record<AuditOutcome, true> = { ok: true, refused: true, failed: true };

export const AUDIT_ACTIONS = Object.keys(ACTIONS) as AuditAction[];
export const AUDIT_OUTCOMES = Object.keys(OUTCOMES) as AuditOutcome[];

const isAction = (s: string | undefined): s is AuditAction => s !== undefined && s in ACTIONS;
const isOutcome = (s: string | undefined): s is AuditOutcome => s !== undefined && s in OUTCOMES;

/** Local midnight of a `YYYY-MM-DD` day, `days` later, as UTC ISO; undefined for anything else. */
function dayStart(day: string | undefined, days = 0): string | undefined {
  if (!day || !/^\d{4}-\d{2}-\d{2}$/.test(day)) return undefined;
  const date = new Date(`${day}T00:00:00`);
  if (Number.isNaN(date.getTime())) return undefined;
  date.setDate(date.getDate() + days);
  return date.toISOString();
}

/**
 * The API's query for the filters in the address: days are the viewer's local days, the "to"
 * day included (the API's `to` is exclusive). Values the API would refuse are left out.
 */
export function auditQueryOf(params: AuditParams): Partial<AuditQuery> {
  return {
    actor: params.actor?.trim() || undefined,
    action: isAction(params.action) ? params.action : undefined,
    outcome: isOutcome(params.outcome) ? params.outcome : undefined,
    from: dayStart(params.from),
    to: dayStart(params.to, 1),
    page: pageOf(params),
    per_page: PER_PAGE,
  };
}
