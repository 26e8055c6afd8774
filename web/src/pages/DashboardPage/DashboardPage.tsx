import { useQuery } from '@tanstack/react-query';
import { containersQuery, meQuery } from '../../api/queries';
import { useSignOut } from '../../components/useSignOut';
import { useErrorMessage } from '../../i18n/useErrorMessage';
import { DashboardPageView } from './DashboardPageView';
import { useLaunch } from './useLaunch';

/** `assignLocation` replaces the current page (when the new tab was blocked); tests pass their own. */
export function DashboardPage({ assignLocation }: { assignLocation?: (url: string) => void } = {}) {
  const errorMessage = useErrorMessage();
  const { signOut, signingOut } = useSignOut();
  const me = useQuery(meQuery());
  const { starting, errors, launch } = useLaunch(assignLocation);
  // After `me`: a signed-out visit then costs one 401, not two.
  const containers = useQuery({ ...containersQuery(starting.size > 0), enabled: me.isSuccess });

  return (
    <DashboardPageView
      email={me.data?.user.email}
      isAdmin={me.data?.user.is_admin ?? false}
      containers={containers.data?.containers}
      loadError={containers.isError ? errorMessage(containers.error) : null}
      onRetry={() => void containers.refetch()}
      starting={starting}
      launchErrors={errors}
      onLaunch={launch}
      onSignOut={signOut}
      signingOut={signingOut}
    />
  );
}
