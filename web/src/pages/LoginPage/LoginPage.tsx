import { useState } from 'react';
import { useMutation } from '@tanstack/react-query';
import { api } from '../../api/client';
import { getErrorMessage } from '../../api/errors';
import { useI18n } from '../../i18n/context';
import { useLocation } from '../../router';
import { rememberNext, safeNext } from '../../utils/safeNext';
import { LoginPageView } from './LoginPageView';

// Deliberately loose: the server decides; this only catches typos early.
const looksLikeEmail = (s: string) => /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(s);

export function LoginPage() {
  const { m } = useI18n();
  const { search } = useLocation();
  const [email, setEmail] = useState('');
  const [localError, setLocalError] = useState<string | null>(null);
  const send = useMutation({ mutationFn: api.requestMagicLink });

  const onSubmit = () => {
    const trimmed = email.trim();
    if (!looksLikeEmail(trimmed)) {
      setLocalError(m.errors.invalidEmail);
      return;
    }
    setLocalError(null);
    rememberNext(safeNext(search.get('next')));
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
      error={localError ?? (send.isError ? getErrorMessage(send.error, m) : null)}
    />
  );
}
