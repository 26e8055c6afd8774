import type { ReactNode } from 'react';
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { Language } from './languages';
import { catalogues, detectLanguage, storeLanguage } from './languages';
import { I18nContext } from './context';

export function I18nProvider({ children, initial }: { children: ReactNode; initial?: Language }) {
  const [lang, setLang] = useState<Language>(() => initial ?? detectLanguage());

  useEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);

  const setLanguage = useCallback((next: Language) => {
    storeLanguage(next);
    setLang(next);
  }, []);

  const value = useMemo(() => ({ lang, m: catalogues[lang], setLanguage }), [lang, setLanguage]);
  return <I18nContext value={value}>{children}</I18nContext>;
}
