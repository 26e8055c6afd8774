import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../../../components/ui/button';
import { Input } from '../../../components/ui/input';
import { dialogClass, useModal } from '../../../components/ui/useModal';

/** Asks how many containers a person may run at once; empty means the platform default. */
export function QuotaDialog({
  open,
  email,
  onSave,
  onClose,
}: {
  open: boolean;
  email: string;
  onSave: (maxRunning: number | null) => void;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const ref = useModal(open);
  const titleId = useId();
  const inputId = useId();
  const [typed, setTyped] = useState('');
  const value = typed.trim() === '' ? null : Number(typed);
  const valid = value === null || (Number.isInteger(value) && value >= 0 && value <= 10_000);
  return (
    <dialog ref={ref} aria-labelledby={titleId} onClose={onClose} className={dialogClass}>
      <form
        method="dialog"
        className="flex flex-col gap-4"
        onSubmit={(e) => {
          e.preventDefault();
          if (!valid) return;
          onSave(value);
          onClose();
        }}
      >
        <h2 id={titleId} className="text-lg font-semibold break-words">
          {t('admin.users.quotaTitle', { email })}
        </h2>
        <p className="text-sm text-zinc-700 dark:text-zinc-300">{t('admin.users.quotaBody')}</p>
        <div className="flex flex-col gap-1">
          <label htmlFor={inputId} className="text-sm font-medium">
            {t('admin.users.quotaLabel')}
          </label>
          <Input
            id={inputId}
            type="number"
            min={0}
            max={10_000}
            step={1}
            inputMode="numeric"
            value={typed}
            aria-invalid={!valid}
            onChange={(e) => setTyped(e.target.value)}
          />
        </div>
        <div className="flex flex-wrap justify-end gap-2">
          <Button variant="secondary" onClick={onClose}>
            {t('admin.cancel')}
          </Button>
          <Button type="submit" disabled={!valid}>
            {t('admin.users.quotaSave')}
          </Button>
        </div>
      </form>
    </dialog>
  );
}
