import type { en } from './locales/en';

// Types every `t()` call from the English catalogue: an unknown key, or a
// missing `{{variable}}`, fails `tsc`.
declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: typeof en };
    strictKeyChecks: true;
    strictInterpolationChecks: true;
  }
}
