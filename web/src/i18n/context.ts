import { createContext, use } from 'react';
import type { Messages } from './en';
import { en } from './en';
import type { Language } from './languages';

export interface I18n {
  lang: Language;
  m: Messages;
  setLanguage: (lang: Language) => void;
}

export const I18nContext = createContext<I18n>({ lang: 'en', m: en, setLanguage: () => undefined });

/** The chosen language and its strings. */
export const useI18n = (): I18n => use(I18nContext);
