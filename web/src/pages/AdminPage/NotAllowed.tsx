import { Link } from '@tanstack/react-router';
import { ShieldX } from 'lucide-react';
import { useTranslation } from 'react-i18next';
import { buttonClasses } from '../../components/ui/button';
import { isApiError } from '../../api/errors';

/** What a signed-in person who is not an administrator sees instead of the console. */
export function NotAllowed() {
  const { t } = useTranslation();
  return (
    <section
      aria-labelledby="not-allowed"
      className="flex flex-col items-start gap-3 rounded-lg border border-zinc-200 bg-white p-6 dark:border-zinc-800 dark:bg-zinc-900"
    >
      <h2 id="not-allowed" className="flex items-center gap-2 text-lg font-semibold">
        <ShieldX aria-hidden="true" className="size-5 text-red-700 dark:text-red-400" />
        {t('admin.notAllowed.title')}
      </h2>
      <p className="text-sm text-zinc-700 dark:text-zinc-300">{t('admin.notAllowed.body')}</p>
      <Link to="/" className={buttonClasses('secondary')}>
        {t('admin.notAllowed.back')}
      </Link>
    </section>
  );
}

/** The API's answer for someone who is not (or no longer) an administrator. */
export const isForbidden = (err: unknown): boolean => isApiError(err) && err.status === 403;
