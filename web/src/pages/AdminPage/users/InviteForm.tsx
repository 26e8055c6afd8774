import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { adminApi } from '../../../api/adminClient';
import { ErrorText } from '../../../components/ui/alert';
import { Button } from '../../../components/ui/button';
import { Input } from '../../../components/ui/input';
import { useAdminAction } from '../useAdminAction';

/** Invites (allows) an address to sign up. */
export function InviteForm() {
  const { t } = useTranslation();
  const inputId = useId();
  const errorId = useId();
  const [email, setEmail] = useState('');
  const [invited, setInvited] = useState<string | undefined>();
  const { run, running, error } = useAdminAction(async (a: { kind: 'invite'; email: string }) => {
    await adminApi.invite(a.email);
    setInvited(a.email);
    setEmail('');
  });
  return (
    <form
      aria-labelledby={`${inputId}-title`}
      className="flex w-full max-w-md flex-col gap-1"
      onSubmit={(e) => {
        e.preventDefault();
        setInvited(undefined);
        run({ kind: 'invite', email: email.trim() });
      }}
    >
      <h3 id={`${inputId}-title`} className="text-sm font-semibold">
        {t('admin.users.invite.title')}
      </h3>
      <p className="text-sm text-zinc-600 dark:text-zinc-400">{t('admin.users.invite.intro')}</p>
      <div className="flex items-end gap-2">
        <div className="flex flex-1 flex-col gap-1">
          <label htmlFor={inputId} className="text-sm font-medium">
            {t('admin.users.invite.email')}
          </label>
          <Input
            id={inputId}
            type="email"
            required
            autoComplete="off"
            value={email}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? errorId : undefined}
            onChange={(e) => setEmail(e.target.value)}
          />
        </div>
        <Button type="submit" disabled={running !== undefined}>
          {running ? t('admin.users.invite.sending') : t('admin.users.invite.submit')}
        </Button>
      </div>
      {error && <ErrorText id={errorId}>{error}</ErrorText>}
      {invited && !error && (
        <p role="status" className="text-sm text-emerald-700 dark:text-emerald-300">
          {t('admin.users.invite.done', { email: invited })}
        </p>
      )}
    </form>
  );
}
