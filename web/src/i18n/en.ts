/** English strings. `Messages` is derived from this object, so every other
 * catalogue must have exactly these keys. */
export const en = {
  appName: 'spawner',
  language: 'Language',
  signOut: 'Sign out',
  signedInAs: 'Signed in as',
  skipToContent: 'Skip to content',
  loading: 'Loading…',
  login: {
    title: 'Sign in or register',
    intro:
      'Enter your email address. We send you a link that signs you in; the first time, it registers your account.',
    email: 'Email address',
    emailPlaceholder: 'you@example.com',
    submit: 'Send sign-in link',
    sending: 'Sending…',
    checkInbox: 'Check your inbox for a link to sign in',
    sentTo: (email: string) => `We sent a link to ${email}. It works once, for 15 minutes.`,
    useOtherEmail: 'Use a different email address',
  },
  verify: {
    title: 'Confirm sign-in',
    question: (email: string) => `Sign in as ${email}?`,
    questionNoEmail: 'Sign in with this link?',
    confirm: 'Sign in',
    confirming: 'Signing in…',
    checking: 'Checking your link…',
    invalidTitle: 'This link can no longer be used',
    invalidBody: 'Sign-in links work once and expire after 15 minutes.',
    missingToken: 'This address holds no sign-in link.',
    sendNew: 'Send a new link',
  },
  dashboard: {
    title: 'Your containers',
    intro: 'One container per template. It starts when you open it.',
    empty: 'No templates are configured.',
    loadFailed: 'Could not load your containers.',
    retry: 'Try again',
    createAndOpen: 'Create & Open',
    open: 'Open',
    starting: 'Starting…',
    created: 'Created',
    lastUsed: 'Last used',
    never: 'never',
    serviceUrl: 'Address',
  },
  status: {
    running: 'Running',
    stopped: 'Stopped',
    not_created: 'Not created',
    error: 'Error',
  },
  errors: {
    generic: 'Something went wrong. Please try again.',
    network: 'The server could not be reached. Check your connection and try again.',
    invalidEmail: 'Please enter a valid email address.',
    rateLimited: (seconds: number) =>
      `Too many requests. Please wait ${formatWait(seconds, 'en')} and try again.`,
    invalidToken: 'This sign-in link has been used or has expired.',
    unauthenticated: 'Please sign in.',
    // The server's sentence names the cause (image missing, app did not answer, ...).
    launchFailed: (detail: string) => detail,
  },
};

export type Messages = typeof en;

/** "45 seconds" / "2 minutes" in the given language. */
export function formatWait(seconds: number, lang: string): string {
  const s = Math.max(1, Math.ceil(seconds));
  const [value, unit] = s < 90 ? [s, 'second'] : [Math.ceil(s / 60), 'minute'];
  return new Intl.NumberFormat(lang, { style: 'unit', unit, unitDisplay: 'long' }).format(value);
}
