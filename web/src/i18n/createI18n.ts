import i18next from 'i18next';
import type { i18n } from 'i18next';
import type { Language } from './languages';
import { languages, resources } from './languages';

/**
 * A ready i18next instance in `lng`. The catalogues are bundled, so it
 * initialises synchronously and the first render is already translated.
 * Each call makes its own instance (tests render in several languages).
 */
export function createI18n(lng: Language): i18n {
  const instance = i18next.createInstance();
  void instance.init({
    lng,
    fallbackLng: 'en',
    supportedLngs: languages,
    resources,
    initAsync: false,
    // React escapes what it renders; escaping here too would show "&amp;".
    interpolation: { escapeValue: false },
    react: { useSuspense: false },
  });
  return instance;
}
