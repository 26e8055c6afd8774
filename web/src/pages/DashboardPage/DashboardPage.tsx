import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import { getErrorMessage } from '../../api/errors';
import { containersQuery, meQuery } from '../../api/queries';
import { useI18n } from '../../i18n/context';
import { navigate } from '../../router';
import { DashboardPageView } from './DashboardPageView';
import { useLaunch } from './useLaunch';

/** `assignLocation` replaces the current page (when the new tab was blocked); tests pass their own. */
export function DashboardPage({ assignLocation }: { assignLocation?: (url: string) => void } = {}) {
  const { m } = useI18n();
  const queryClient = useQueryClient();
  const me = useQuery(meQuery());
  const { starting, errors, launch } = useLaunch(m, assignLocation);
  // After `me`: a signed-out visit then costs one 401, not two.
  const containers = useQuery({ ...containersQuery(starting.size > 0), enabled: me.isSuccess });
  const signOut = useMutation({
    mutationFn: api.logout,
    onSettled: () => {
      queryClient.clear();
      navigate('/login', { replace: true });
    },
  });

  return (
    <DashboardPageView
      email={me.data?.user.email}
      containers={containers.data?.containers}
      loadError={containers.isError ? getErrorMessage(containers.error, m) : null}
      onRetry={() => void containers.refetch()}
      starting={starting}
      launchErrors={errors}
      onLaunch={launch}
      onSignOut={() => signOut.mutate()}
      signingOut={signOut.isPending}
    />
  );
}
