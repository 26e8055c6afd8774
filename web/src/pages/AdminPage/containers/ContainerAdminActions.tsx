import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { adminApi, type AdminContainer } from '../../../api/adminClient';
import { ErrorText } from '../../../components/ui/alert';
import { Button } from '../../../components/ui/button';
import { ConfirmDialog } from '../../../components/ui/confirmDialog';
import { useAdminAction } from '../useAdminAction';

type ContainerAction = { kind: 'stop' } | { kind: 'delete'; data: boolean };

/**
 * Stop, and delete: the data stays unless the admin ticks the box, and then the template's key
 * must be typed.
 */
export function ContainerAdminActions({ container: c }: { container: AdminContainer }) {
  const { t } = useTranslation();
  const checkboxId = useId();
  const { run, running, error } = useAdminAction((a: ContainerAction) =>
    a.kind === 'stop'
      ? adminApi.stopContainer(c.owner.id, c.type)
      : adminApi.deleteContainer(c.owner.id, c.type, a.data),
  );
  const [asking, setAsking] = useState(false);
  const [withData, setWithData] = useState(false);
  const busy = running !== undefined;
  const names = { owner: c.owner.email, type: c.type };

  return (
    <div className="flex flex-col gap-1">
      <div
        role="group"
        aria-label={t('admin.containers.actionsFor', names)}
        className="flex flex-wrap gap-1"
      >
        {c.status === 'running' && (
          <Button variant="secondary" disabled={busy} onClick={() => run({ kind: 'stop' })}>
            {running === 'stop' ? t('admin.working') : t('admin.containers.stop')}
          </Button>
        )}
        {c.status !== 'not_created' && (
          <Button
            variant="ghost"
            disabled={busy}
            onClick={() => {
              setWithData(false);
              setAsking(true);
            }}
          >
            {running === 'delete' ? t('admin.working') : t('admin.containers.delete')}
          </Button>
        )}
      </div>
      {error && <ErrorText>{error}</ErrorText>}
      <ConfirmDialog
        open={asking}
        title={t('admin.containers.deleteTitle', names)}
        confirmLabel={t('admin.containers.deleteConfirm')}
        cancelLabel={t('admin.cancel')}
        typeToConfirm={
          withData
            ? { text: c.type, label: t('admin.containers.deleteDataPrompt', { type: c.type }) }
            : undefined
        }
        onConfirm={() => run({ kind: 'delete', data: withData })}
        onClose={() => setAsking(false)}
      >
        <p>{t('admin.containers.deleteBody')}</p>
        <p className="mt-3 flex items-center gap-2">
          <input
            id={checkboxId}
            type="checkbox"
            className="size-4 accent-red-700 dark:accent-red-400"
            checked={withData}
            onChange={(e) => setWithData(e.target.checked)}
          />
          <label htmlFor={checkboxId} className="font-medium">
            {t('admin.containers.deleteData')}
          </label>
        </p>
      </ConfirmDialog>
    </div>
  );
}
