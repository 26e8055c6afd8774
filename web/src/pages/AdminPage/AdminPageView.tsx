import { Link, Outlet } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { AppHeader } from '../../components/AppHeader';
import { focusRing } from '../../components/ui/button';
import { useDocumentTitle } from '../../components/useDocumentTitle';
import { cn } from '../../utils/cn';
import { NotAllowed } from './NotAllowed';
import { ListState } from './table/ListState';

export interface AdminPageViewProps {
  email: string | undefined;
  /** Undefined while `me` loads. */
  isAdmin: boolean | undefined;
  loadError: string | null;
  onRetry: () => void;
  onSignOut: () => void;
  signingOut: boolean;
}

const TABS = [
  { to: '/admin/users', key: 'users' },
  { to: '/admin/containers', key: 'containers' },
  { to: '/admin/audit', key: 'audit' },
] as const;

export function AdminPageView(props: AdminPageViewProps) {
  const { t } = useTranslation();
  useDocumentTitle(t('admin.title'));
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
        isAdmin={props.isAdmin === true}
        onSignOut={props.onSignOut}
        signingOut={props.signingOut}
      />
      <main id="main" tabIndex={-1} className="mx-auto max-w-6xl px-4 py-8 outline-none sm:px-6">
        <h1 className="mb-4 text-2xl font-semibold">{t('admin.title')}</h1>
        {props.isAdmin === false ? (
          <NotAllowed />
        ) : props.isAdmin === undefined ? (
          <ListState
            loading
            error={props.loadError}
            empty={false}
            emptyText=""
            onRetry={props.onRetry}
          />
        ) : (
          <>
            <nav
              aria-label={t('admin.tabs.label')}
              className="mb-6 flex gap-1 overflow-x-auto border-b border-zinc-200 dark:border-zinc-800"
            >
              {TABS.map((tab) => (
                <Link
                  key={tab.key}
                  to={tab.to}
                  className={cn(
                    '-mb-px rounded-t-md border-b-2 border-transparent px-4 py-2 text-sm font-medium whitespace-nowrap text-zinc-700 hover:text-zinc-950 dark:text-zinc-300 dark:hover:text-white',
                    'aria-[current=page]:border-indigo-600 aria-[current=page]:text-indigo-700 dark:aria-[current=page]:border-indigo-400 dark:aria-[current=page]:text-indigo-300',
                    focusRing,
                  )}
                >
                  {t(`admin.tabs.${tab.key}`)}
                </Link>
              ))}
            </nav>
            <Outlet />
          </>
        )}
      </main>
    </div>
  );
}
