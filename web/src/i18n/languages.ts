import { de } from './locales/de';
import { en } from './locales/en';

/** The i18next resources: one `translation` namespace per language. */
export const resources = {
  en: { translation: en },
  de: { translation: de },
} as const;

export type Language = keyof typeof resources;
export const languages = Object.keys(resources) as Language[];
/** Each language in its own words, as the switch lists them. */
export const languageNames: Record<Language, string> = { en: 'English', de: 'Deutsch' };

/** Only the language choice is kept in localStorage; nothing secret. */
const LANGUAGE_STORAGE_KEY = 'spawner.language';

export const isLanguage = (v: string | null | undefined): v is Language =>
  typeof v === 'string' && (languages as string[]).includes(v);

/** The stored choice, else the first of the browser's languages we have, else English. */
export function detectLanguage(
  preferred: readonly string[] = typeof navigator === 'undefined' ? [] : navigator.languages,
  stored: string | null = readStored(),
): Language {
  if (isLanguage(stored)) return stored;
  for (const tag of preferred) {
    const base = tag.toLowerCase().split('-')[0];
    if (isLanguage(base)) return base;
  }
  return 'en';
}

function readStored(): string | null {
  try {
    return localStorage.getItem(LANGUAGE_STORAGE_KEY);
  } catch {
    return null;
  }
}

/**
 * The shown language, told to the server in a cookie (not HttpOnly: this app writes it) so its
 * own pages, such as "Starting…", speak it too. Same name as in server/src/proxy/pageText.ts.
 */
const LANGUAGE_COOKIE = 'spawner_lang';

export function shareLanguage(lang: Language): void {
  if (typeof document === 'undefined') return;
  document.cookie = `${LANGUAGE_COOKIE}=${lang}; Path=/; Max-Age=31536000; SameSite=Lax`;
}

export function storeLanguage(lang: Language): void {
  try {
    localStorage.setItem(LANGUAGE_STORAGE_KEY, lang);
  } catch {
    // Private mode or storage disabled: the choice lasts for this page only.
  }
}
