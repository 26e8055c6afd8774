import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { adminApi, type AdminUser } from '../../../api/adminClient';
import { ErrorText } from '../../../components/ui/alert';
import { Button } from '../../../components/ui/button';
import { ConfirmDialog } from '../../../components/ui/confirmDialog';
import { useAdminAction } from '../useAdminAction';
import { QuotaDialog } from './QuotaDialog';

type UserAction =
  | { kind: 'block' | 'unblock' | 'grant' | 'revoke' | 'delete' }
  | { kind: 'quota'; maxRunning: number | null };

function perform(id: number, action: UserAction): Promise<unknown> {
  switch (action.kind) {
    case 'block':
      return adminApi.block(id);
    case 'unblock':
      return adminApi.unblock(id);
    case 'grant':
      return adminApi.setAdmin(id, true);
    case 'revoke':
      return adminApi.setAdmin(id, false);
    case 'delete':
      return adminApi.deleteUser(id);
    case 'quota':
      return adminApi.setQuota(id, action.maxRunning);
  }
}

type Asking = 'block' | 'revoke' | 'quota' | 'delete' | 'deleteTyped';

/**
 * A person's actions. Blocking, revoking admin rights and deleting ask first; deleting asks
 * twice, the second time for the address typed.
 */
export function UserActions({ user: u }: { user: AdminUser }) {
  const { t } = useTranslation();
  const { run, running, done, error } = useAdminAction((a: UserAction) => perform(u.id, a));
  const [asking, setAsking] = useState<Asking | undefined>();
  const close = (closing: Asking) => setAsking((a) => (a === closing ? undefined : a));
  const busy = running !== undefined;
  const label = (kind: UserAction['kind'], text: string) =>
    running === kind ? t('admin.working') : text;

  return (
    <div className="flex flex-col gap-1">
      <div
        role="group"
        aria-label={t('admin.users.actionsFor', { email: u.email })}
        className="flex flex-wrap gap-1"
      >
        {u.blocked ? (
          <Button variant="secondary" disabled={busy} onClick={() => run({ kind: 'unblock' })}>
            {label('unblock', t('admin.users.unblock'))}
          </Button>
        ) : (
          <Button variant="secondary" disabled={busy} onClick={() => setAsking('block')}>
            {label('block', t('admin.users.block'))}
          </Button>
        )}
        {u.is_admin ? (
          <Button variant="ghost" disabled={busy} onClick={() => setAsking('revoke')}>
            {label('revoke', t('admin.users.revoke'))}
          </Button>
        ) : (
          <Button variant="ghost" disabled={busy} onClick={() => run({ kind: 'grant' })}>
            {label('grant', t('admin.users.grant'))}
          </Button>
        )}
        <Button variant="ghost" disabled={busy} onClick={() => setAsking('quota')}>
          {label('quota', t('admin.users.setQuota'))}
        </Button>
        <Button variant="ghost" disabled={busy} onClick={() => setAsking('delete')}>
          {label('delete', t('admin.users.delete'))}
        </Button>
      </div>
      {error && <ErrorText>{error}</ErrorText>}
      {done === 'quota' && !error && (
        <p role="status" className="text-sm text-zinc-600 dark:text-zinc-400">
          {t('admin.users.quotaSaved')}
        </p>
      )}
      <ConfirmDialog
        open={asking === 'block'}
        title={t('admin.users.blockTitle', { email: u.email })}
        confirmLabel={t('admin.users.blockConfirm')}
        cancelLabel={t('admin.cancel')}
        onConfirm={() => run({ kind: 'block' })}
        onClose={() => close('block')}
      >
        {t('admin.users.blockBody')}
      </ConfirmDialog>
      <ConfirmDialog
        open={asking === 'revoke'}
        title={t('admin.users.revokeTitle', { email: u.email })}
        confirmLabel={t('admin.users.revokeConfirm')}
        cancelLabel={t('admin.cancel')}
        onConfirm={() => run({ kind: 'revoke' })}
        onClose={() => close('revoke')}
      >
        {t('admin.users.revokeBody')}
      </ConfirmDialog>
      {asking === 'quota' && (
        <QuotaDialog
          open
          email={u.email}
          onSave={(maxRunning) => run({ kind: 'quota', maxRunning })}
          onClose={() => close('quota')}
        />
      )}
      <ConfirmDialog
        open={asking === 'delete'}
        title={t('admin.users.deleteTitle', { email: u.email })}
        confirmLabel={t('admin.users.deleteContinue')}
        cancelLabel={t('admin.cancel')}
        onConfirm={() => setAsking('deleteTyped')}
        onClose={() => close('delete')}
      >
        {t('admin.users.deleteBody')}
      </ConfirmDialog>
      <ConfirmDialog
        open={asking === 'deleteTyped'}
        title={t('admin.users.deleteTypeTitle', { email: u.email })}
        confirmLabel={t('admin.users.deleteConfirm')}
        cancelLabel={t('admin.cancel')}
        typeToConfirm={{ text: u.email, label: t('admin.users.deletePrompt', { email: u.email }) }}
        onConfirm={() => run({ kind: 'delete' })}
        onClose={() => close('deleteTyped')}
      >
        {t('admin.users.deleteTypeBody')}
      </ConfirmDialog>
    </div>
  );
}
