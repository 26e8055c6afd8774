import type { AuditEntry } from '../audit/auditLog.js';
import type { AccessDecision } from './access.js';
import { appNameOf, type UserRoute } from './userPath.js';

/**
 * The audit entry for a request to an app that was refused: a signed-in person asking for someone
 * else's app (or with another app's cookie). Nobody signed in is sent to sign in, not recorded:
 * there is no one to name, and strangers could fill the log.
 */
export function proxyRefusalEntry(
  decision: AccessDecision,
  route: UserRoute | undefined,
  ip: string | null,
): AuditEntry | undefined {
  if (decision.outcome !== 'forbidden' || !route) return undefined;
  return {
    actor: decision.user ?? null,
    action: 'proxy_refused',
    target: { type: route.type },
    ip,
    outcome: 'refused',
    detail: `app ${appNameOf(route)}`,
  };
}
