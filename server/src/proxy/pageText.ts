import type { IncomingHttpHeaders } from 'node:http';
import type { ErrorCode } from '@spawner/api';
import { parseCookie } from 'cookie';

/**
 * The words of the proxy's own pages ("Starting…", "Not yours") in the languages the dashboard
 * speaks. The dashboard's catalogues (web/src/i18n/locales) say the same things; these are the
 * few sentences a page served without the web app needs.
 */

export type PageLanguage = 'en' | 'de';

/**
 * The dashboard's language choice, shared with the server in this cookie (not HttpOnly: the web
 * app writes it; nothing secret). Same name as in web/src/i18n/languages.ts.
 */
const LANGUAGE_COOKIE = 'spawner_lang';

export interface PageText {
  starting: {
    /** `{name}`: the template's display name. */
    title: string;
    spinner: string;
    hint: string;
    phases: Record<'queued' | 'creating' | 'starting' | 'waiting' | 'ready', string>;
    /** Suffixes of `{position}` in `phases.queued`, by the language's ordinal plural rule. */
    ordinals: Partial<Record<Intl.LDMLPluralRule, string>> & { other: string };
    waited: string;
    lastLines: string;
  };
  back: string;
  notYours: string;
  /** A start refused by a quota; `{limit}` is replaced by the limit. */
  quota: { user: string; platform: string };
  /** Why a launch failed, by error code; `other` for any code not listed. */
  failures: Partial<Record<ErrorCode, string>> & {
    other: string;
    /** With `app_exited` when the exit code is known; `{code}` is replaced by it. */
    app_exited_code: string;
  };
}

const en: PageText = {
  starting: {
    title: 'Starting your {name}…',
    spinner: 'Starting',
    hint: 'This takes a few seconds.',
    phases: {
      queued: 'Waiting in line: {position}',
      creating: 'Creating the container…',
      starting: 'Starting the container…',
      waiting: 'Waiting for the app to answer…',
      ready: 'Ready.',
    },
    ordinals: { one: 'st', two: 'nd', few: 'rd', other: 'th' },
    waited: 'Waited so far:',
    lastLines: 'The app’s last lines',
  },
  back: 'Back to the dashboard',
  notYours: 'This container belongs to someone else.',
  quota: {
    user: 'You already run as many containers as you may ({limit}). Stop one on your dashboard, then try again.',
    platform:
      'The platform already runs as many containers as it allows ({limit}). Try again later.',
  },
  failures: {
    image_missing:
      'The container’s image is not on the server. Ask the operator to build or pull it.',
    app_exited: 'The app stopped while starting. Its last lines may say why.',
    app_exited_code:
      'The app stopped while starting (exit code {code}). Its last lines may say why.',
    not_ready: 'The app did not answer in time. Try again in a moment.',
    engine_unavailable: 'The container service is not reachable right now. Try again later.',
    runtime_error: 'The container could not be started.',
    unauthenticated: 'Your sign-in has ended. Sign in again on the dashboard.',
    rate_limited: 'Too many requests. Wait a moment and try again.',
    quota_exceeded: 'Too many containers are running. Stop one on your dashboard, then try again.',
    other: 'The container could not be started.',
  },
};

const de: PageText = {
  starting: {
    title: 'Dein {name} wird gestartet…',
    spinner: 'Wird gestartet',
    hint: 'Das dauert ein paar Sekunden.',
    phases: {
      queued: 'Warten in der Schlange: {position}',
      creating: 'Container wird angelegt…',
      starting: 'Container wird gestartet…',
      waiting: 'Warte auf die Antwort der App…',
      ready: 'Bereit.',
    },
    ordinals: { other: '.' },
    waited: 'Bisher gewartet:',
    lastLines: 'Die letzten Zeilen der App',
  },
  back: 'Zurück zur Übersicht',
  notYours: 'Dieser Container gehört jemand anderem.',
  quota: {
    user: 'Du hast schon so viele Container laufen, wie du darfst ({limit}). Stoppe einen in deiner Übersicht und versuche es dann noch einmal.',
    platform:
      'Auf der Plattform laufen schon so viele Container, wie sie erlaubt ({limit}). Versuche es später noch einmal.',
  },
  failures: {
    image_missing:
      'Das Image des Containers fehlt auf dem Server. Bitte den Betreiber, es zu bauen oder zu laden.',
    app_exited: 'Die App hat sich beim Start beendet. Ihre letzten Zeilen sagen vielleicht, warum.',
    app_exited_code:
      'Die App hat sich beim Start beendet (Exit-Code {code}). Ihre letzten Zeilen sagen vielleicht, warum.',
    not_ready: 'Die App hat nicht rechtzeitig geantwortet. Versuche es gleich noch einmal.',
    engine_unavailable:
      'Der Container-Dienst ist gerade nicht erreichbar. Versuche es später noch einmal.',
    runtime_error: 'Der Container konnte nicht gestartet werden.',
    unauthenticated: 'Deine Anmeldung ist abgelaufen. Melde dich in der Übersicht neu an.',
    rate_limited: 'Zu viele Anfragen. Warte kurz und versuche es dann noch einmal.',
    quota_exceeded:
      'Es laufen zu viele Container. Stoppe einen in deiner Übersicht und versuche es dann noch einmal.',
    other: 'Der Container konnte nicht gestartet werden.',
  },
};

const TEXTS: Record<PageLanguage, PageText> = { en, de };

export function pageText(language: PageLanguage): PageText {
  return TEXTS[language];
}

const isPageLanguage = (value: string | undefined): value is PageLanguage =>
  value === 'en' || value === 'de';

/** The dashboard's choice (its cookie), else the browser's first language we have, else English. */
export function pageLanguageOf(headers: IncomingHttpHeaders): PageLanguage {
  const chosen = headers.cookie ? parseCookie(headers.cookie)[LANGUAGE_COOKIE] : undefined;
  if (isPageLanguage(chosen)) return chosen;
  for (const tag of acceptedLanguages(headers['accept-language'])) {
    const base = tag.split('-')[0];
    if (isPageLanguage(base)) return base;
  }
  return 'en';
}

/** Accept-Language's tags, most wanted first (q=0 means "not this one"). */
function acceptedLanguages(header: string | undefined): string[] {
  if (!header) return [];
  return header
    .split(',')
    .slice(0, 20)
    .map((part, index) => {
      const [tag = '', ...params] = part.trim().toLowerCase().split(';');
      const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)?.[1]).find(Boolean);
      return { tag: tag.trim(), q: q === undefined ? 1 : Number(q), index };
    })
    .filter((l) => l.tag && l.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index)
    .map((l) => l.tag);
}
