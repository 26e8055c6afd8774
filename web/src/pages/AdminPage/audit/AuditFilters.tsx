import type { AuditAction, AuditOutcome } from '@spawner/api';
import { useId, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../../../components/ui/button';
import { Input } from '../../../components/ui/input';
import { focusRing } from '../../../components/ui/button';
import { cn } from '../../../utils/cn';
import { AUDIT_ACTIONS, AUDIT_OUTCOMES, type AuditParams } from './auditParams';

type Filters = Omit<AuditParams, 'page'>;

const selectClass = cn(
  'block min-h-10 w-full rounded-md border border-zinc-300 bg-white px-3 py-2 text-sm text-zinc-900 dark:border-zinc-700 dark:bg-zinc-950 dark:text-zinc-100',
  focusRing,
);

function Field({ label, children }: { label: string; children: (id: string) => ReactNode }) {
  const id = useId();
  return (
    <div className="flex flex-col gap-1">
      <label htmlFor={id} className="text-sm font-medium">
        {label}
      </label>
      {children(id)}
    </div>
  );
}

/** The audit list's filters; applying them starts again at page 1. */
export function AuditFilters({
  params,
  onApply,
}: {
  params: AuditParams;
  onApply: (filters: Filters) => void;
}) {
  const { t } = useTranslation();
  const [f, setF] = useState<Filters>({
    actor: params.actor,
    action: params.action,
    outcome: params.outcome,
    from: params.from,
    to: params.to,
  });
  const set = (key: keyof Filters) => (value: string) =>
    setF((prev) => ({ ...prev, [key]: value || undefined }));
  return (
    <form
      aria-label={t('admin.audit.filters')}
      className="grid grid-cols-1 gap-3 sm:grid-cols-2 lg:grid-cols-[minmax(0,1fr)_minmax(0,1fr)_auto_auto_auto_auto] lg:items-end"
      onSubmit={(e) => {
        e.preventDefault();
        onApply({ ...f, actor: f.actor?.trim() || undefined });
      }}
    >
      <Field label={t('admin.audit.actor')}>
        {(id) => (
          <Input
            id={id}
            type="search"
            value={f.actor ?? ''}
            onChange={(e) => set('actor')(e.target.value)}
          />
        )}
      </Field>
      <Field label={t('admin.audit.action')}>
        {(id) => (
          <select
            id={id}
            className={selectClass}
            value={f.action ?? ''}
            onChange={(e) => set('action')(e.target.value)}
          >
            <option value="">{t('admin.audit.anyAction')}</option>
            {AUDIT_ACTIONS.map((a: AuditAction) => (
              <option key={a} value={a}>
                {t(`admin.audit.actions.${a}`)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label={t('admin.audit.outcome')}>
        {(id) => (
          <select
            id={id}
            className={selectClass}
            value={f.outcome ?? ''}
            onChange={(e) => set('outcome')(e.target.value)}
          >
            <option value="">{t('admin.audit.anyOutcome')}</option>
            {AUDIT_OUTCOMES.map((o: AuditOutcome) => (
              <option key={o} value={o}>
                {t(`admin.audit.outcomes.${o}`)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label={t('admin.audit.from')}>
        {(id) => (
          <Input
            id={id}
            type="date"
            value={f.from ?? ''}
            onChange={(e) => set('from')(e.target.value)}
          />
        )}
      </Field>
      <Field label={t('admin.audit.to')}>
        {(id) => (
          <Input
            id={id}
            type="date"
            value={f.to ?? ''}
            onChange={(e) => set('to')(e.target.value)}
          />
        )}
      </Field>
      <div className="flex gap-2">
        <Button type="submit">{t('admin.audit.apply')}</Button>
        <Button
          variant="ghost"
          onClick={() => {
            setF({});
            onApply({});
          }}
        >
          {t('admin.audit.clear')}
        </Button>
      </div>
    </form>
  );
}
