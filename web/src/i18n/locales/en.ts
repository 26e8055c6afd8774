/**
 * English strings, the reference catalogue: its shape types every `t()` call
 * (see ../i18next.d.ts) and every other catalogue must have exactly its keys.
 * Counts use i18next plurals (`_one`/`_other`); dates and relative times use
 * i18next's built-in Intl formatters.
 */
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
    sentTo: 'We sent a link to {{email}}. It works once, for 15 minutes.',
    useOtherEmail: 'Use a different email address',
  },
  verify: {
    title: 'Confirm sign-in',
    question: 'Sign in as {{email}}?',
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
    stopsAt: 'Stops if idle',
    updateAvailable: 'Update available',
    dataSize: 'Data',
  },
  progress: {
    label: 'Launch progress',
    // Its place in the launch queue, as an ordinal: "Waiting in line: 3rd".
    queued_ordinal_one: 'Waiting in line: {{count}}st',
    queued_ordinal_two: 'Waiting in line: {{count}}nd',
    queued_ordinal_few: 'Waiting in line: {{count}}rd',
    queued_ordinal_other: 'Waiting in line: {{count}}th',
    creating: 'Creating the container…',
    starting: 'Starting the container…',
    waiting_one: 'Waiting for the app to answer: {{count, number}} second',
    waiting_other: 'Waiting for the app to answer: {{count, number}} seconds',
    ready: 'Ready',
    lastLines: 'The app’s last lines',
  },
  actions: {
    group: 'Manage {{name}}',
    stop: 'Stop',
    restart: 'Restart',
    update: 'Update & restart',
    reset: 'Reset…',
    delete: 'Delete…',
    working: 'Working…',
    cancel: 'Cancel',
    resetTitle: 'Reset {{name}}?',
    resetBody:
      'The container is removed and made anew the next time you open it. Your data is kept; changes made outside the data folder are lost.',
    resetConfirm: 'Reset',
    deleteTitle: 'Delete {{name}} and its data?',
    deleteBody: 'The container and all its data are removed for good. This cannot be undone.',
    deletePrompt: 'Type {{key}} to confirm',
    deleteConfirm: 'Delete for good',
    downloadData: 'Download the data first (.tar)',
  },
  logs: {
    open: 'Logs',
    title: 'Logs of {{name}}',
    close: 'Close',
    lines: 'Log lines',
    loading: 'Loading the last lines…',
    empty: 'No lines yet. New lines appear here as the app writes them.',
    emptyEnded: 'The app has written no lines.',
    following: 'Following new lines.',
    paused: 'Paused: new lines are held back until you follow again.',
    ended: 'The container is not running, so no new lines come.',
    failed: 'The logs could not be loaded.',
    pause: 'Pause',
    follow: 'Follow',
    reconnect: 'Reconnect',
    colours: 'Colours',
    copy: 'Copy',
    copied_one: 'Copied {{count, number}} line.',
    copied_other: 'Copied {{count, number}} lines.',
    copyFailed: 'Copying is not allowed here: use Download instead.',
    download: 'Download',
    count_one: '{{count, number}} line',
    count_other: '{{count, number}} lines',
    held_one: '{{count, number}} new line held back',
    held_other: '{{count, number}} new lines held back',
    cap: 'the newest {{max, number}} are kept',
    dropped_one: 'only the newest {{max, number}} are kept: {{count, number}} older line dropped',
    dropped_other:
      'only the newest {{max, number}} are kept: {{count, number}} older lines dropped',
  },
  status: {
    running: 'Running',
    stopped: 'Stopped',
    not_created: 'Not created',
    error: 'Error',
  },
  time: {
    // `range` (the unit) comes with each call; "numeric: auto" says "now", "yesterday".
    relative: '{{value, relativetime(numeric: auto)}}',
    full: '{{date, datetime(dateStyle: full; timeStyle: medium)}}',
  },
  size: {
    // The unit and its display come with each call (formatBytes).
    value: '{{value, number(style: unit; maximumSignificantDigits: 3)}}',
  },
  wait: {
    seconds_one: '{{count, number}} second',
    seconds_other: '{{count, number}} seconds',
    minutes_one: '{{count, number}} minute',
    minutes_other: '{{count, number}} minutes',
  },
  errors: {
    generic: 'Something went wrong. Please try again.',
    network: 'The server could not be reached. Check your connection and try again.',
    invalidEmail: 'Please enter a valid email address.',
    rateLimited: 'Too many requests. Please wait {{wait}} and try again.',
    invalidToken: 'This sign-in link has been used or has expired.',
    unauthenticated: 'Please sign in.',
    quotaUser_one:
      'You have {{count}} container running, the most allowed per person. Stop it on your dashboard, then try again.',
    quotaUser_other:
      'You have {{count}} containers running, the most allowed per person. Stop one on your dashboard, then try again.',
    quotaPlatform:
      'The platform already runs as many containers as it allows ({{count}}). Please try again later.',
    // One sentence per error code of the API (invalid_email, invalid_token, unauthenticated and
    // rate_limited have theirs above); runtime_error keeps the server's own words as detail.
    codes: {
      bad_request: 'The request was not accepted. Please check what you entered.',
      bad_json: 'The request could not be read.',
      payload_too_large: 'That is too large to send.',
      unsupported_media_type: 'The request came in a form the server does not accept.',
      not_found: 'That was not found.',
      unknown_template: 'There is no container type by that name.',
      forbidden: 'You are not allowed to do that.',
      runtime_error: 'The container could not be started: {{detail}}',
      engine_unavailable:
        'The container service is not reachable right now. Please try again later.',
      not_ready: 'The app did not answer in time. Please try again in a moment.',
      starting: 'The container is still starting. Please try again in a few seconds.',
      bad_gateway: 'The app did not answer. It may be starting or have stopped.',
      image_missing:
        'The container’s image is not on the server. Ask the operator to build or pull it.',
      app_exited: 'The app stopped while starting. Its last lines may say why.',
      quota_exceeded:
        'Too many containers are running. Stop one on your dashboard, then try again.',
      internal: 'Something went wrong on our side. Please try again.',
    },
    appExitedWithCode:
      'The app stopped while starting (exit code {{code}}). Its last lines may say why.',
  },
} as const;

type Strings<T> = { readonly [K in keyof T]: T[K] extends string ? string : Strings<T[K]> };

/** What a translation must provide: the English keys, any strings. */
export type Catalogue = Strings<typeof en>;
