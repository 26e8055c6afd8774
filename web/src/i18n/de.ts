import type { Messages } from './en';
import { formatWait } from './en';

/** German strings; the type makes a missing or extra key a compile error. */
export const de: Messages = {
  appName: 'spawner',
  language: 'Sprache',
  signOut: 'Abmelden',
  signedInAs: 'Angemeldet als',
  skipToContent: 'Zum Inhalt springen',
  loading: 'Wird geladen…',
  login: {
    title: 'Anmelden oder registrieren',
    intro:
      'Gib deine E-Mail-Adresse ein. Wir schicken dir einen Link, der dich anmeldet; beim ersten Mal registriert er dein Konto.',
    email: 'E-Mail-Adresse',
    emailPlaceholder: 'du@example.com',
    submit: 'Anmeldelink senden',
    sending: 'Wird gesendet…',
    checkInbox: 'Schau in dein Postfach: Dort wartet ein Link zum Anmelden',
    sentTo: (email: string) =>
      `Wir haben einen Link an ${email} geschickt. Er gilt einmal, 15 Minuten lang.`,
    useOtherEmail: 'Andere E-Mail-Adresse verwenden',
  },
  verify: {
    title: 'Anmeldung bestätigen',
    question: (email: string) => `Als ${email} anmelden?`,
    questionNoEmail: 'Mit diesem Link anmelden?',
    confirm: 'Anmelden',
    confirming: 'Anmeldung läuft…',
    checking: 'Link wird geprüft…',
    invalidTitle: 'Dieser Link ist nicht mehr gültig',
    invalidBody: 'Anmeldelinks gelten einmal und laufen nach 15 Minuten ab.',
    missingToken: 'Diese Adresse enthält keinen Anmeldelink.',
    sendNew: 'Neuen Link senden',
  },
  dashboard: {
    title: 'Deine Container',
    intro: 'Ein Container pro Vorlage. Er startet, wenn du ihn öffnest.',
    empty: 'Es sind keine Vorlagen eingerichtet.',
    loadFailed: 'Deine Container konnten nicht geladen werden.',
    retry: 'Erneut versuchen',
    createAndOpen: 'Erstellen & Öffnen',
    open: 'Service öffnen',
    starting: 'Wird gestartet…',
    created: 'Erstellt',
    lastUsed: 'Zuletzt benutzt',
    never: 'nie',
    serviceUrl: 'Adresse',
  },
  status: {
    running: 'Läuft',
    stopped: 'Gestoppt',
    not_created: 'Noch nicht erstellt',
    error: 'Fehler',
  },
  errors: {
    generic: 'Etwas ist schiefgegangen. Bitte versuche es noch einmal.',
    network: 'Der Server ist nicht erreichbar. Prüfe deine Verbindung und versuche es noch einmal.',
    invalidEmail: 'Bitte gib eine gültige E-Mail-Adresse ein.',
    rateLimited: (seconds: number) =>
      `Zu viele Anfragen. Bitte warte ${formatWait(seconds, 'de')} und versuche es dann noch einmal.`,
    invalidToken: 'Dieser Anmeldelink wurde schon benutzt oder ist abgelaufen.',
    unauthenticated: 'Bitte melde dich an.',
    // Die Ursache sagt der Server auf Englisch (Image fehlt, App antwortet nicht, ...).
    launchFailed: (detail: string) => `Der Container konnte nicht gestartet werden. (${detail})`,
  },
};
