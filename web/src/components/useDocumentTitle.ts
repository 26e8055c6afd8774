import { useEffect } from 'react';
import { useI18n } from '../i18n/context';

/** "Your containers · spawner": screen readers announce the page by its title. */
export function useDocumentTitle(title: string): void {
  const { m } = useI18n();
  useEffect(() => {
    document.title = `${title} · ${m.appName}`;
  }, [title, m.appName]);
}
