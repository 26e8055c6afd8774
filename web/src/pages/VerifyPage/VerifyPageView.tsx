import { Loader2, LogIn, TriangleAlert } from 'lucide-react';
import { AuthLayout } from '../../components/AuthLayout';
import { Button, focusRing } from '../../components/ui/button';
import { ErrorText } from '../../components/ui/alert';
import { useI18n } from '../../i18n/context';
import { Link } from '../../router';
import { cn } from '../../utils/cn';

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
  const { m } = useI18n();

  if (state.kind === 'invalid') {
    return (
      <AuthLayout title={m.verify.invalidTitle}>
        <div className="flex flex-col items-start gap-4">
          <p className="flex items-start gap-2 text-sm text-zinc-700 dark:text-zinc-300">
            <TriangleAlert
              aria-hidden="true"
              className="mt-0.5 size-4 shrink-0 text-amber-600 dark:text-amber-400"
            />
            {state.missing
              ? m.verify.missingToken
              : `${m.errors.invalidToken} ${m.verify.invalidBody}`}
          </p>
          <Link
            href="/login"
            className={cn(
              'inline-flex min-h-10 items-center rounded-md bg-indigo-600 px-4 py-2 text-sm font-medium text-white hover:bg-indigo-700 dark:bg-indigo-500 dark:text-zinc-950',
              focusRing,
            )}
          >
            {m.verify.sendNew}
          </Link>
        </div>
      </AuthLayout>
    );
  }

  if (state.kind === 'checking') {
    return (
      <AuthLayout title={m.verify.title}>
        <p
          role="status"
          className="flex items-center gap-2 text-sm text-zinc-600 dark:text-zinc-400"
        >
          <Loader2 aria-hidden="true" className="size-4 animate-spin" />
          {m.verify.checking}
        </p>
      </AuthLayout>
    );
  }

  return (
    <AuthLayout title={m.verify.title}>
      <p className="mb-5 break-words">
        {state.email ? m.verify.question(state.email) : m.verify.questionNoEmail}
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
        {state.confirming ? m.verify.confirming : m.verify.confirm}
      </Button>
    </AuthLayout>
  );
}
