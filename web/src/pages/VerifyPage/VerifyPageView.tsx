import { Link } from '@tanstack/react-router';
import { Loader2, LogIn, TriangleAlert } from 'lucide-react';
import { useTranslation } from 'react-i18next';
import { AuthLayout } from '../../components/AuthLayout';
import { Button, buttonClasses } from '../../components/ui/button';
import { ErrorText } from '../../components/ui/alert';

export type VerifyState =
  | { kind: 'checking' }
  | { kind: 'confirm'; email: string; confirming: boolean; error: string | null }
  | { kind: 'invalid'; missing: boolean };

export function VerifyPageView({
  state,
  onConfirm,
}: {
  state: VerifyState;
  onConfirm: () => void;
}) {
  const { t } = useTranslation();

  if (state.kind === 'invalid') {
    return (
      <AuthLayout title={t('verify.invalidTitle')}>
        <div className="flex flex-col items-start gap-4">
          <p className="flex items-start gap-2 text-sm text-zinc-700 dark:text-zinc-300">
            <TriangleAlert
              aria-hidden="true"
              className="mt-0.5 size-4 shrink-0 text-amber-600 dark:text-amber-400"
            />
            {state.missing
              ? t('verify.missingToken')
              : `${t('errors.invalidToken')} ${t('verify.invalidBody')}`}
          </p>
          <Link to="/login" className={buttonClasses('primary')}>
            {t('verify.sendNew')}
          </Link>
        </div>
      </AuthLayout>
    );
  }

  if (state.kind === 'checking') {
    return (
      <AuthLayout title={t('verify.title')}>
        <p
          role="status"
          className="flex items-center gap-2 text-sm text-zinc-600 dark:text-zinc-400"
        >
          <Loader2 aria-hidden="true" className="size-4 animate-spin" />
          {t('verify.checking')}
        </p>
      </AuthLayout>
    );
  }

  return (
    <AuthLayout title={t('verify.title')}>
      <p className="mb-5 break-words">
        {state.email ? t('verify.question', { email: state.email }) : t('verify.questionNoEmail')}
      </p>
      {state.error && <ErrorText className="mb-3">{state.error}</ErrorText>}
      <Button
        className="w-full"
        autoFocus
        onClick={onConfirm}
        disabled={state.confirming}
        aria-busy={state.confirming || undefined}
      >
        {state.confirming ? (
          <Loader2 aria-hidden="true" className="size-4 animate-spin" />
        ) : (
          <LogIn aria-hidden="true" className="size-4" />
        )}
        {state.confirming ? t('verify.confirming') : t('verify.confirm')}
      </Button>
    </AuthLayout>
  );
}
