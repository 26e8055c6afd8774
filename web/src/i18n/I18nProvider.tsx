import type { ReactNode } from 'react';
import { useEffect, useState } from 'react';
import { I18nextProvider } from 'react-i18next';
import { createI18n } from './createI18n';
import type { Language } from './languages';
import { detectLanguage, isLanguage, shareLanguage } from './languages';

/**
 * The app's i18next instance, in `initial` or the detected language; keeps `<html lang>` and the
 * language cookie in step.
 */
export function I18nProvider({ children, initial }: { children: ReactNode; initial?: Language }) {
  const [i18n] = useState(() => createI18n(initial ?? detectLanguage()));

  useEffect(() => {
    // Screen readers pick their voice from <html lang>; the server's pages follow the cookie.
    const setLang = (lng: string) => {
      document.documentElement.lang = lng;
      if (isLanguage(lng)) shareLanguage(lng);
    };
    setLang(i18n.language);
    i18n.on('languageChanged', setLang);
    return () => i18n.off('languageChanged', setLang);
  }, [i18n]);

  return <I18nextProvider i18n={i18n}>{children}</I18nextProvider>;
}
