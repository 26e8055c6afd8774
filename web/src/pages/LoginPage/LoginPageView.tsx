import type { FormEvent } from 'react';
import { Loader2, MailCheck } from 'lucide-react';
import { useTranslation } from 'react-i18next';
import { AuthLayout } from '../../components/AuthLayout';
import { Button } from '../../components/ui/button';
import { Input } from '../../components/ui/input';
import { ErrorText } from '../../components/ui/alert';

export interface LoginPageViewProps {
  email: string;
  onEmailChange: (email: string) => void;
  onSubmit: () => void;
  onReset: () => void;
  sending: boolean;
  sentTo: string | null;
  error: string | null;
}

export function LoginPageView({
  email,
  onEmailChange,
  onSubmit,
  onReset,
  sending,
  sentTo,
  error,
}: LoginPageViewProps) {
  const { t } = useTranslation();

  if (sentTo) {
    return (
      <AuthLayout title={t('login.title')}>
        <div role="status" className="mt-4 flex flex-col items-start gap-3">
          <MailCheck aria-hidden="true" className="size-8 text-emerald-600 dark:text-emerald-400" />
          <p className="font-medium">{t('login.checkInbox')}</p>
          <p className="text-sm text-zinc-600 dark:text-zinc-400">
            {t('login.sentTo', { email: sentTo })}
          </p>
          <Button variant="ghost" className="-ml-4" onClick={onReset}>
            {t('login.useOtherEmail')}
          </Button>
        </div>
      </AuthLayout>
    );
  }

  const submit = (e: FormEvent) => {
    e.preventDefault();
    onSubmit();
  };

  return (
    <AuthLayout title={t('login.title')}>
      <p className="mb-5 text-sm text-zinc-600 dark:text-zinc-400">{t('login.intro')}</p>
      <form noValidate onSubmit={submit} className="flex flex-col gap-3">
        <label htmlFor="email" className="text-sm font-medium">
          {t('login.email')}
        </label>
        <Input
          id="email"
          name="email"
          type="email"
          autoComplete="email"
          inputMode="email"
          autoFocus
          required
          placeholder={t('login.emailPlaceholder')}
          value={email}
          onChange={(e) => onEmailChange(e.target.value)}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? 'email-error' : undefined}
        />
        {error && <ErrorText id="email-error">{error}</ErrorText>}
        <Button type="submit" disabled={sending} aria-busy={sending || undefined} className="mt-2">
          {sending && <Loader2 aria-hidden="true" className="size-4 animate-spin" />}
          {sending ? t('login.sending') : t('login.submit')}
        </Button>
      </form>
    </AuthLayout>
  );
}
