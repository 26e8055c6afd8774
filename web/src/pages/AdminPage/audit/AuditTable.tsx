import type { AuditEvent, AuditOutcome } from '@spawner/api';
import { CircleCheck, CircleX, Ban, type LucideIcon } from 'lucide-react';
import { useTranslation } from 'react-i18next';
import { RelativeTime } from '../../../components/RelativeTime';
import { Badge } from '../table/Badge';
import { Header } from '../table/SortableHeader';
import { cellClass, headClass, rowClass, TableFrame } from '../table/TableFrame';

const outcomeLook: Record<AuditOutcome, { tone: 'green' | 'amber' | 'red'; icon: LucideIcon }> = {
  ok: { tone: 'green', icon: CircleCheck },
  refused: { tone: 'amber', icon: Ban },
  failed: { tone: 'red', icon: CircleX },
};

export function AuditTable({ events }: { events: AuditEvent[] }) {
  const { t } = useTranslation();
  const nobody = <span className="text-zinc-600 dark:text-zinc-400">—</span>;
  return (
    <TableFrame caption={t('admin.audit.caption')}>
      <thead className={headClass}>
        <tr>
          <Header label={t('admin.audit.when')} />
          <Header label={t('admin.audit.actor')} />
          <Header label={t('admin.audit.action')} />
          <Header label={t('admin.audit.target')} />
          <Header label={t('admin.audit.outcome')} />
          <Header label={t('admin.audit.ip')} />
          <Header label={t('admin.audit.detail')} />
        </tr>
      </thead>
      <tbody>
        {events.map((e) => {
          const look = outcomeLook[e.outcome];
          return (
            <tr key={e.id} className={rowClass} data-testid={`audit-${e.id}`}>
              <td className={cellClass}>
                <RelativeTime iso={e.at} />
              </td>
              <td className={cellClass}>{e.actor_email ?? nobody}</td>
              <td className={cellClass}>{t(`admin.audit.actions.${e.action}`)}</td>
              <td className={cellClass}>
                {e.target_email || e.target_type ? (
                  <>
                    {e.target_email}
                    {e.target_type && (
                      <span className="ml-1 rounded bg-zinc-100 px-1.5 py-0.5 font-mono text-xs dark:bg-zinc-800">
                        {e.target_type}
                      </span>
                    )}
                  </>
                ) : (
                  nobody
                )}
              </td>
              <td className={cellClass}>
                <Badge
                  tone={look.tone}
                  icon={look.icon}
                  label={t(`admin.audit.outcomes.${e.outcome}`)}
                />
              </td>
              <td className={`${cellClass} font-mono text-xs`}>{e.ip ?? nobody}</td>
              <td className={`${cellClass} max-w-xs break-words`}>{e.detail ?? nobody}</td>
            </tr>
          );
        })}
      </tbody>
    </TableFrame>
  );
}
