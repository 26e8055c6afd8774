import { useState } from 'react';
import { useMutation } from '@tanstack/react-query';
import { api } from '../../api/client';
import { useTranslation } from 'react-i18next';
import { useErrorMessage } from '../../i18n/useErrorMessage';
import { rememberNext, safeNext } from '../../utils/safeNext';
import { LoginPageView } from './LoginPageView';

// Deliberately loose: the server decides; this only catches typos early.
const looksLikeEmail = (s: string) => /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(s);

/** `next`: the `?next=` of the address, where to return after signing in. */
export function LoginPage({ next }: { next: string | undefined }) {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  const [email, setEmail] = useState('');
  const [localError, setLocalError] = useState<string | null>(null);
  const send = useMutation({ mutationFn: api.requestMagicLink });

  const onSubmit = () => {
    const trimmed = email.trim();
    if (!looksLikeEmail(trimmed)) {
      setLocalError(t('errors.invalidEmail'));
      return;
    }
    setLocalError(null);
    rememberNext(safeNext(next));
    send.mutate(trimmed);
  };

  return (
    <LoginPageView
      email={email}
      onEmailChange={(v) => {
        setEmail(v);
        setLocalError(null);
      }}
      onSubmit={onSubmit}
      onReset={() => send.reset()}
      sending={send.isPending}
      sentTo={send.isSuccess ? send.variables : null}
      error={localError ?? (send.isError ? errorMessage(send.error) : null)}
    />
  );
}
