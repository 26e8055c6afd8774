import { Link } from '@tanstack/react-router';
import { Boxes, LogOut } from 'lucide-react';
import { useTranslation } from 'react-i18next';
import { Button, buttonClasses } from './ui/button';
import { LanguageSwitch } from './LanguageSwitch';

export function AppHeader({
  email,
  isAdmin,
  onSignOut,
  signingOut,
}: {
  email: string | undefined;
  /** Administrators get links between their containers and the admin console. */
  isAdmin: boolean;
  onSignOut: () => void;
  signingOut: boolean;
}) {
  const { t } = useTranslation();
  return (
    <header className="border-b border-zinc-200 bg-white/80 dark:border-zinc-800 dark:bg-zinc-900/80">
      <div className="mx-auto flex max-w-6xl flex-wrap items-center justify-between gap-x-4 gap-y-2 px-4 py-3 sm:px-6">
        <span className="flex items-center gap-2 font-semibold">
          <Boxes aria-hidden="true" className="size-5 text-indigo-600 dark:text-indigo-400" />
          {t('appName')}
        </span>
        {isAdmin && (
          <nav aria-label={t('admin.nav.label')} className="flex flex-wrap gap-1">
            <Link
              to="/"
              activeOptions={{ exact: true }}
              className={buttonClasses('ghost', 'aria-[current=page]:underline')}
            >
              {t('admin.nav.containers')}
            </Link>
            <Link to="/admin" className={buttonClasses('ghost', 'aria-[current=page]:underline')}>
              {t('admin.nav.admin')}
            </Link>
          </nav>
        )}
        <div className="flex flex-wrap items-center gap-3">
          {email && (
            <span
              className="max-w-[16rem] truncate text-sm text-zinc-600 dark:text-zinc-400"
              title={email}
            >
              <span className="sr-only">{t('signedInAs')} </span>
              {email}
            </span>
          )}
          <LanguageSwitch />
          <Button variant="ghost" onClick={onSignOut} disabled={signingOut}>
            <LogOut aria-hidden="true" className="size-4" />
            {t('signOut')}
          </Button>
        </div>
      </div>
    </header>
  );
}
