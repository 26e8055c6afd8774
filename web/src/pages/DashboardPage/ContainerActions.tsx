import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Container } from '../../api/types';
import { ErrorText } from '../../components/ui/alert';
import { Button } from '../../components/ui/button';
import { ConfirmDialog } from '../../components/ui/confirmDialog';
import { ContainerLogs } from './logs/ContainerLogs';
import { useContainerAction, type ContainerAction } from './useContainerAction';

/**
 * Stop, restart (on the new image when there is one), reset and delete, for the owner. Reset
 * and delete ask first and say what is lost; delete also wants the template's key typed.
 */
export function ContainerActions({ container: c, busy }: { container: Container; busy: boolean }) {
  const { t } = useTranslation();
  const { run, running, error } = useContainerAction(c.type);
  const [asking, setAsking] = useState<'reset' | 'delete' | undefined>();
  const disabled = busy || running !== undefined;
  const exists = c.status !== 'not_created';
  const label = (action: ContainerAction, text: string) =>
    running === action ? t('actions.working') : text;

  return (
    <div className="flex flex-col gap-2">
      <div
        role="group"
        aria-label={t('actions.group', { name: c.display_name })}
        className="flex flex-wrap gap-2"
      >
        {c.status === 'running' && (
          <Button variant="secondary" disabled={disabled} onClick={() => run('stop')}>
            {label('stop', t('actions.stop'))}
          </Button>
        )}
        {exists && (
          <Button variant="secondary" disabled={disabled} onClick={() => run('restart')}>
            {label('restart', c.update_available ? t('actions.update') : t('actions.restart'))}
          </Button>
        )}
        <ContainerLogs container={c} />
        {exists && (
          <Button variant="ghost" disabled={disabled} onClick={() => setAsking('reset')}>
            {label('reset', t('actions.reset'))}
          </Button>
        )}
        <Button variant="ghost" disabled={disabled} onClick={() => setAsking('delete')}>
          {label('delete', t('actions.delete'))}
        </Button>
      </div>
      {error && <ErrorText>{error}</ErrorText>}
      <ConfirmDialog
        open={asking === 'reset'}
        title={t('actions.resetTitle', { name: c.display_name })}
        confirmLabel={t('actions.resetConfirm')}
        cancelLabel={t('actions.cancel')}
        onConfirm={() => run('reset')}
        onClose={() => setAsking(undefined)}
      >
        {t('actions.resetBody')}
      </ConfirmDialog>
      <ConfirmDialog
        open={asking === 'delete'}
        title={t('actions.deleteTitle', { name: c.display_name })}
        confirmLabel={t('actions.deleteConfirm')}
        cancelLabel={t('actions.cancel')}
        typeToConfirm={{ text: c.type, label: t('actions.deletePrompt', { key: c.type }) }}
        onConfirm={() => run('delete')}
        onClose={() => setAsking(undefined)}
      >
        <p>{t('actions.deleteBody')}</p>
        {exists && (
          <p className="mt-2">
            <a
              className="font-medium text-indigo-700 underline dark:text-indigo-300"
              href={`/api/container/${encodeURIComponent(c.type)}/data.tar`}
              download
            >
              {t('actions.downloadData')}
            </a>
          </p>
        )}
      </ConfirmDialog>
    </div>
  );
}
