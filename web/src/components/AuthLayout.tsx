import type { ReactNode } from 'react';
import { Boxes } from 'lucide-react';
import { useTranslation } from 'react-i18next';
import { LanguageSwitch } from './LanguageSwitch';
import { useDocumentTitle } from './useDocumentTitle';

/** The centred frame of the sign-in and verify pages. */
export function AuthLayout({ title, children }: { title: string; children: ReactNode }) {
  const { t } = useTranslation();
  useDocumentTitle(title);
  return (
    <div className="flex min-h-dvh flex-col">
      <header className="flex items-center justify-between px-4 py-3 sm:px-6">
        <span className="flex items-center gap-2 font-semibold">
          <Boxes aria-hidden="true" className="size-5 text-indigo-600 dark:text-indigo-400" />
          {t('appName')}
        </span>
        <LanguageSwitch />
      </header>
      <main id="main" className="flex flex-1 items-start justify-center px-4 pt-[10vh] pb-12">
        <section
          aria-labelledby="auth-title"
          className="w-full max-w-sm rounded-xl border border-zinc-200 bg-white p-6 shadow-sm dark:border-zinc-800 dark:bg-zinc-900"
        >
          <h1 id="auth-title" className="mb-2 text-xl font-semibold">
            {title}
          </h1>
          {children}
        </section>
      </main>
    </div>
  );
}
