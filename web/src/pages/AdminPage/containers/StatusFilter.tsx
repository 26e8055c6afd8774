import type { ContainerStatus } from '@spawner/api';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { focusRing } from '../../../components/ui/button';
import { cn } from '../../../utils/cn';

// The states a listed container can be in (the list holds only containers that were created).
const STATES = ['running', 'stopped', 'error'] as const satisfies readonly ContainerStatus[];
type ListedState = (typeof STATES)[number];

/** The state the address names, when it is one the list can filter by. */
export const statusOf = (value: string | undefined): ListedState | undefined =>
  STATES.find((s) => s === value);

/** Shows only containers in one state; applies at once. */
export function StatusFilter({
  value,
  onChange,
}: {
  value: ListedState | undefined;
  onChange: (status: ListedState | undefined) => void;
}) {
  const { t } = useTranslation();
  const id = useId();
  return (
    <div className="flex flex-col gap-1">
      <label htmlFor={id} className="text-sm font-medium">
        {t('admin.containers.status')}
      </label>
      <select
        id={id}
        value={value ?? ''}
        onChange={(e) => onChange(statusOf(e.target.value))}
        className={cn(
          'block min-h-10 rounded-md border border-zinc-300 bg-white px-3 py-2 text-sm text-zinc-900 dark:border-zinc-700 dark:bg-zinc-950 dark:text-zinc-100',
          focusRing,
        )}
      >
        <option value="">{t('admin.containers.anyStatus')}</option>
        {STATES.map((s) => (
          <option key={s} value={s}>
            {t(`status.${s}`)}
          </option>
        ))}
      </select>
    </div>
  );
}
