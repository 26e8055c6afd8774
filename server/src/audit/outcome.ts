import type { AuditOutcome } from '@spawner/api';
import { httpErrorOf } from '../http/errors.js';

/**
 * What an error makes of an audited act: `refused` when a rule said no (a 4xx: not the owner, a
 * quota, an unknown template), `failed` when something broke (the engine, the app); the detail
 * is the error's code and sentence, as the caller was told.
 */
export function outcomeOfError(err: unknown): {
  outcome: Exclude<AuditOutcome, 'ok'>;
  detail: string;
} {
  const { status, body } = httpErrorOf(err);
  return { outcome: status < 500 ? 'refused' : 'failed', detail: `${body.error}: ${body.message}` };
}
