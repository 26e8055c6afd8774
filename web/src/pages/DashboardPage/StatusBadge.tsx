import type { LucideIcon } from 'lucide-react';
import { CircleCheck, CircleDashed, CircleStop, CircleX, Loader2 } from 'lucide-react';
import { useTranslation } from 'react-i18next';
import type { ContainerStatus } from '../../api/types';
import { cn } from '../../utils/cn';

const look: Record<ContainerStatus, { icon: LucideIcon; className: string }> = {
  running: {
    icon: CircleCheck,
    className: 'text-emerald-700 bg-emerald-50 dark:text-emerald-300 dark:bg-emerald-950',
  },
  stopped: {
    icon: CircleStop,
    className: 'text-zinc-700 bg-zinc-100 dark:text-zinc-300 dark:bg-zinc-800',
  },
  not_created: {
    icon: CircleDashed,
    className: 'text-zinc-600 bg-zinc-100 dark:text-zinc-400 dark:bg-zinc-800',
  },
  error: { icon: CircleX, className: 'text-red-700 bg-red-50 dark:text-red-300 dark:bg-red-950' },
};

/** Icon and word, so the status never rests on colour alone. */
export function StatusBadge({ status, starting }: { status: ContainerStatus; starting: boolean }) {
  const { t } = useTranslation();
  const { icon: Icon, className } = starting
    ? {
        icon: Loader2,
        className: 'text-indigo-700 bg-indigo-50 dark:text-indigo-300 dark:bg-indigo-950',
      }
    : look[status];
  return (
    <span
      data-status={starting ? 'starting' : status}
      className={cn(
        'inline-flex items-center gap-1.5 rounded-full px-2.5 py-1 text-xs font-medium',
        className,
      )}
    >
      <Icon aria-hidden="true" className={cn('size-3.5', starting && 'animate-spin')} />
      {starting ? t('dashboard.starting') : t(`status.${status}`)}
    </span>
  );
}
