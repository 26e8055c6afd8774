import { Loader2 } from 'lucide-react';
import { useTranslation } from 'react-i18next';
import type { Container } from '../../api/types';
import { AppHeader } from '../../components/AppHeader';
import { Button } from '../../components/ui/button';
import { ErrorText } from '../../components/ui/alert';
import { useDocumentTitle } from '../../components/useDocumentTitle';
import { ContainerCard } from './ContainerCard';
import { DeleteAccount } from './DeleteAccount';

export interface DashboardPageViewProps {
  email: string | undefined;
  isAdmin: boolean;
  containers: Container[] | undefined;
  loadError: string | null;
  onRetry: () => void;
  starting: ReadonlySet<string>;
  launchErrors: Readonly<Record<string, string>>;
  onLaunch: (container: Container) => void;
  onSignOut: () => void;
  signingOut: boolean;
}

export function DashboardPageView(props: DashboardPageViewProps) {
  const { t } = useTranslation();
  const { containers, loadError } = props;
  useDocumentTitle(t('dashboard.title'));

  return (
    <div className="min-h-dvh">
      <a
        href="#main"
        className="sr-only rounded-md bg-white px-3 py-2 focus:not-sr-only focus:absolute focus:top-2 focus:left-2 dark:bg-zinc-900"
      >
        {t('skipToContent')}
      </a>
      <AppHeader
        email={props.email}
        isAdmin={props.isAdmin}
        onSignOut={props.onSignOut}
        signingOut={props.signingOut}
      />
      <main id="main" tabIndex={-1} className="mx-auto max-w-6xl px-4 py-8 outline-none sm:px-6">
        <h1 className="text-2xl font-semibold">{t('dashboard.title')}</h1>
        <p className="mt-1 mb-6 text-sm text-zinc-600 dark:text-zinc-400">{t('dashboard.intro')}</p>

        {loadError && !containers && (
          <div className="flex flex-col items-start gap-3">
            <ErrorText>
              {t('dashboard.loadFailed')} {loadError}
            </ErrorText>
            <Button variant="secondary" onClick={props.onRetry}>
              {t('dashboard.retry')}
            </Button>
          </div>
        )}

        {!containers && !loadError && (
          <p
            role="status"
            className="flex items-center gap-2 text-sm text-zinc-600 dark:text-zinc-400"
          >
            <Loader2 aria-hidden="true" className="size-4 animate-spin" />
            {t('loading')}
          </p>
        )}

        {containers?.length === 0 && <p>{t('dashboard.empty')}</p>}

        {containers && containers.length > 0 && (
          <ul
            className="grid grid-cols-1 gap-4 md:grid-cols-2 2xl:grid-cols-3"
            data-testid="container-grid"
          >
            {containers.map((c) => (
              <li key={c.type} className="flex">
                <ContainerCard
                  container={c}
                  starting={props.starting.has(c.type)}
                  launchError={props.launchErrors[c.type]}
                  onLaunch={props.onLaunch}
                />
              </li>
            ))}
          </ul>
        )}

        {props.email && <DeleteAccount email={props.email} />}
      </main>
    </div>
  );
}
