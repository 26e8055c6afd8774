import { useEffect, useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import { getErrorMessage, isApiError } from '../../api/errors';
import { meKey, tokenPreviewQuery } from '../../api/queries';
import { useI18n } from '../../i18n/context';
import { navigate } from '../../router';
import { takeNext } from '../../utils/safeNext';
import type { VerifyState } from './VerifyPageView';
import { VerifyPageView } from './VerifyPageView';

const isInvalidToken = (err: unknown) => isApiError(err) && err.status === 401;

/** Drops `?token=` from the address bar (and so from history). */
const forgetToken = () => window.history.replaceState(null, '', '/auth/verify');

/**
 * Mail scanners open links, so this page only asks; the token is used by the
 * POST behind the button.
 */
export function VerifyPage() {
  const { m } = useI18n();
  const queryClient = useQueryClient();
  // Read once: the address bar loses the token after use.
  const [token] = useState(() => new URLSearchParams(window.location.search).get('token') ?? '');
  const preview = useQuery({ ...tokenPreviewQuery(token), enabled: token !== '' });
  const verify = useMutation({
    mutationFn: api.verifyToken,
    onSuccess: async () => {
      forgetToken();
      await queryClient.invalidateQueries({ queryKey: meKey });
      navigate(takeNext(), { replace: true });
    },
    onError: (err) => {
      if (isInvalidToken(err)) forgetToken();
    },
  });

  const previewInvalid = preview.isError && isInvalidToken(preview.error);
  useEffect(() => {
    if (previewInvalid) forgetToken();
  }, [previewInvalid]);

  let state: VerifyState;
  if (token === '') state = { kind: 'invalid', missing: true };
  else if (previewInvalid || (verify.isError && isInvalidToken(verify.error)))
    state = { kind: 'invalid', missing: false };
  else if (preview.isPending) state = { kind: 'checking' };
  else
    state = {
      kind: 'confirm',
      // The preview can fail for other reasons (network); the button still works.
      email: preview.data?.email ?? '',
      confirming: verify.isPending || verify.isSuccess,
      error: preview.isError
        ? getErrorMessage(preview.error, m)
        : verify.isError
          ? getErrorMessage(verify.error, m)
          : null,
    };

  return <VerifyPageView state={state} onConfirm={() => verify.mutate(token)} />;
}
