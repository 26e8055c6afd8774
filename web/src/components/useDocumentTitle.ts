import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';

/** "Your containers · spawner": screen readers announce the page by its title. */
export function useDocumentTitle(title: string): void {
  const { t } = useTranslation();
  const appName = t('appName');
  useEffect(() => {
    document.title = `${title} · ${appName}`;
  }, [title, appName]);
}
