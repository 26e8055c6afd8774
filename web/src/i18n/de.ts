// Bridge for api/errors.test.ts (see legacyMessages.ts); the catalogue is locales/de.ts.
import { createI18n } from './createI18n';
import { legacyMessages } from './legacyMessages';

export const de = legacyMessages(createI18n('de').t);
