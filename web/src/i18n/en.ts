// Bridge for api/errors.ts (see legacyMessages.ts); the catalogue is locales/en.ts.
import { createI18n } from './createI18n';
import { legacyMessages } from './legacyMessages';

export type { Messages } from './legacyMessages';
export const en = legacyMessages(createI18n('en').t);
