import { Languages } from 'lucide-react';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { isLanguage, languageNames, languages } from '../i18n/languages';
import { useLanguage } from '../i18n/useLanguage';
import { focusRing } from './ui/button';
import { cn } from '../utils/cn';

/** A native select: keyboard and screen-reader support for free. */
export function LanguageSwitch() {
  const { t } = useTranslation();
  const { language, setLanguage } = useLanguage();
  const id = useId();
  return (
    <div className="flex items-center gap-1.5">
      <label htmlFor={id} className="text-zinc-600 dark:text-zinc-400">
        <Languages aria-hidden="true" className="size-4" />
        <span className="sr-only">{t('language')}</span>
      </label>
      <select
        id={id}
        value={language}
        onChange={(e) => {
          if (isLanguage(e.target.value)) setLanguage(e.target.value);
        }}
        className={cn(
          'min-h-9 rounded-md border border-zinc-300 bg-white px-2 text-sm dark:border-zinc-700 dark:bg-zinc-900',
          focusRing,
        )}
      >
        {languages.map((l) => (
          <option key={l} value={l} lang={l}>
            {languageNames[l]}
          </option>
        ))}
      </select>
    </div>
  );
}
