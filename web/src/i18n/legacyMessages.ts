import type { TFunction } from 'i18next';
import { formatWait } from './formatters';

/**
 * Bridge, to be removed: `api/errors.ts` (owned by the API client work) still
 * takes the pre-i18next messages object. Once `getErrorMessage(err, t)` takes
 * i18next's `t`, delete this file, `en.ts`, `de.ts`, and simplify
 * `useErrorMessage`.
 */
export interface Messages {
  errors: {
    generic: string;
    network: string;
    invalidEmail: string;
    rateLimited: (seconds: number) => string;
    invalidToken: string;
    unauthenticated: string;
    launchFailed: (detail: string) => string;
  };
}

/** The old messages object, translated by `t`. */
export function legacyMessages(t: TFunction): Messages {
  return {
    errors: {
      generic: t('errors.generic'),
      network: t('errors.network'),
      invalidEmail: t('errors.invalidEmail'),
      rateLimited: (seconds) => t('errors.rateLimited', { wait: formatWait(seconds, t) }),
      invalidToken: t('errors.invalidToken'),
      unauthenticated: t('errors.unauthenticated'),
      launchFailed: (detail) => t('errors.launchFailed', { detail }),
    },
  };
}
