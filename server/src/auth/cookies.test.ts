import type { IncomingHttpHeaders } from 'node:http';
import { describe, expect, it } from 'vitest';
import { sessionTokenOf, stripCredentials } from './cookies.js';

const TOKEN = 'A'.repeat(43);
const OTHER = 'B'.repeat(43);

/** Ways a Cookie header can spell the session: each either signs in and is stripped, or neither. */
const VARIANTS = [
  `spawner_session=${TOKEN}`,
  `spawner_session =${TOKEN}`,
  `spawner_session= ${TOKEN}`,
  ` spawner_session=${TOKEN} `,
  `spawner_session\t=${TOKEN}`,
  `theme=dark;spawner_session=${TOKEN}`,
  `theme=dark;   spawner_session=${TOKEN};x=1`,
  `spawner_session=${TOKEN}; spawner_session=${OTHER}`,
  `spawner_session=junk; spawner_session=${TOKEN}`,
  `spawner_session=${OTHER}; spawner_session=${TOKEN}`,
  `spawner_session="${TOKEN}"`,
  `SPAWNER_SESSION=${TOKEN}`,
  `Spawner_Session=${TOKEN}`,
  `spawner%5Fsession=${TOKEN}`,
  `=spawner_session=${TOKEN}`,
  `spawner_session=${TOKEN}, theme=dark`,
  `spawner_session==${TOKEN}`,
];

describe('one cookie parser for signing in and for stripping', () => {
  it.each(VARIANTS)('%s: what signs in is what is removed', (cookie) => {
    const headers: IncomingHttpHeaders = { cookie };
    const signsIn = sessionTokenOf(headers);
    stripCredentials(headers);
    // Nothing left would sign in, in any spelling spawner reads.
    expect(sessionTokenOf(headers)).toBeUndefined();
    if (signsIn !== undefined) {
      expect(headers.cookie ?? '').not.toContain(signsIn);
    }
  });

  it('reads the spellings a lenient parser would, and only those', () => {
    const signIn = (cookie: string) => sessionTokenOf({ cookie });
    expect(signIn(`spawner_session =${TOKEN}`)).toBe(TOKEN);
    expect(signIn(`spawner_session= ${TOKEN}`)).toBe(TOKEN);
    // The first of two wins, and the second is removed with it.
    expect(signIn(`spawner_session=${OTHER}; spawner_session=${TOKEN}`)).toBe(OTHER);
    // Names are case-sensitive and quoted values are not tokens: neither signs in.
    expect(signIn(`SPAWNER_SESSION=${TOKEN}`)).toBeUndefined();
    expect(signIn(`spawner_session="${TOKEN}"`)).toBeUndefined();
  });

  it('keeps the other cookies and drops every copy of the session', () => {
    const headers: IncomingHttpHeaders = {
      cookie: `theme=dark; spawner_session=${TOKEN}; spawner_session =${OTHER}; lang=de`,
      authorization: `Bearer ${TOKEN}`,
    };
    stripCredentials(headers);
    expect(headers.cookie).toBe('theme=dark; lang=de');
    expect(headers.authorization).toBeUndefined();
  });

  it('passes the app’s own cookies on as sent, duplicates and all', () => {
    const headers: IncomingHttpHeaders = {
      cookie: `sid=a;sid=b; spawner_session=${TOKEN}; flag; x=1=2`,
    };
    stripCredentials(headers);
    expect(headers.cookie).toBe('sid=a; sid=b; flag; x=1=2');
  });
});
