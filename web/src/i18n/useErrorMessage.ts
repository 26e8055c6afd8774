import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { getErrorMessage } from '../api/errors';

/**
 * Turns any thrown value into a sentence in the shown language. The one
 * adapter between i18next and `api/errors.ts`'s `getErrorMessage`.
 */
export function useErrorMessage(): (err: unknown) => string {
  const { t } = useTranslation();
  return useCallback((err: unknown) => getErrorMessage(err, t), [t]);
}
