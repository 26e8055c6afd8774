import { useCallback, useEffect, useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { api } from '../../api/client';
import { isApiError } from '../../api/errors';
import { meKey, tokenPreviewQuery } from '../../api/queries';
import { useErrorMessage } from '../../i18n/useErrorMessage';
import { isDashboardPath, takeNext } from '../../utils/safeNext';
import type { VerifyState } from './VerifyPageView';
import { VerifyPageView } from './VerifyPageView';

const isInvalidToken = (err: unknown) => isApiError(err) && err.status === 401;

/**
 * Mail scanners open links, so this page only asks; the token is used by the
 * POST behind the button. `token` is the `?token=` of the address.
 */
export function VerifyPage({ token: tokenInAddress }: { token: string | undefined }) {
  const errorMessage = useErrorMessage();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  // Read once: the address bar loses the token after use.
  const [token] = useState(() => tokenInAddress ?? '');
  /** Drops `?token=` from the address bar (and so from history). */
  const forgetToken = useCallback(
    () => void navigate({ to: '/auth/verify', search: {}, replace: true }),
    [navigate],
  );
  const preview = useQuery({ ...tokenPreviewQuery(token), enabled: token !== '' });
  const verify = useMutation({
    mutationFn: api.verifyToken,
    onSuccess: async () => {
      forgetToken();
      await queryClient.invalidateQueries({ queryKey: meKey });
      const next = takeNext();
      // A user's app (`/{slug}-{type}/...`) is not a page of this app: load it in full.
      if (isDashboardPath(next)) await navigate({ href: next, replace: true });
      else window.location.replace(next);
    },
    onError: (err) => {
      if (isInvalidToken(err)) forgetToken();
    },
  });

  const previewInvalid = preview.isError && isInvalidToken(preview.error);
  useEffect(() => {
    if (previewInvalid) forgetToken();
  }, [previewInvalid, forgetToken]);

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
        ? errorMessage(preview.error)
        : verify.isError
          ? errorMessage(verify.error)
          : null,
    };

  return <VerifyPageView state={state} onConfirm={() => verify.mutate(token)} />;
}
