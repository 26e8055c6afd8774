import { Languages } from 'lucide-react';
import { useId } from 'react';
import { useI18n } from '../i18n/context';
import type { Language } from '../i18n/languages';
import { languageNames, languages } from '../i18n/languages';
import { focusRing } from './ui/button';
import { cn } from '../utils/cn';

/** A native select: keyboard and screen-reader support for free. */
export function LanguageSwitch() {
  const { lang, m, setLanguage } = useI18n();
  const id = useId();
  return (
    <div className="flex items-center gap-1.5">
      <label htmlFor={id} className="text-zinc-600 dark:text-zinc-400">
        <Languages aria-hidden="true" className="size-4" />
        <span className="sr-only">{m.language}</span>
      </label>
      <select
        id={id}
        value={lang}
        onChange={(e) => setLanguage(e.target.value as Language)}
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
