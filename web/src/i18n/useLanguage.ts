import { useTranslation } from 'react-i18next';
import type { Language } from './languages';
import { isLanguage, storeLanguage } from './languages';

/** The shown language, and a setter that also remembers the choice. */
export function useLanguage(): { language: Language; setLanguage: (lang: Language) => void } {
  const { i18n } = useTranslation();
  const current = i18n.resolvedLanguage;
  return {
    language: isLanguage(current) ? current : 'en',
    setLanguage: (lang) => {
      storeLanguage(lang);
      void i18n.changeLanguage(lang);
    },
  };
}
