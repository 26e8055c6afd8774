import { useQuery } from '@tanstack/react-query';
import { meQuery } from '../../api/queries';
import { useSignOut } from '../../components/useSignOut';
import { useErrorMessage } from '../../i18n/useErrorMessage';
import { AdminPageView } from './AdminPageView';

/** The admin console's frame: who is signed in decides whether its tabs are shown at all. */
export function AdminPage() {
  const errorMessage = useErrorMessage();
  const { signOut, signingOut } = useSignOut();
  const me = useQuery(meQuery());
  return (
    <AdminPageView
      email={me.data?.user.email}
      isAdmin={me.data?.user.is_admin}
      loadError={me.isError ? errorMessage(me.error) : null}
      onRetry={() => void me.refetch()}
      onSignOut={signOut}
      signingOut={signingOut}
    />
  );
}
