import type { IncomingHttpHeaders } from 'node:http';
import { SECRET_PATTERN } from '@spawner/api';
import { parseCookie } from 'cookie';

export const SESSION_COOKIE = 'spawner_session';
/** Subdomain mode: an app host's own cookie, good for that one host (see appHandshake.ts). */
export const APP_COOKIE = 'spawner_app';
/** Every cookie of spawner's: apps never see them. */
const SPAWNER_COOKIES = new Set([SESSION_COOKIE, APP_COOKIE]);

/**
 * The request's cookies by name, values as sent. One parser for reading the session and for
 * stripping it: any spelling that authenticates is also one that gets removed.
 */
function cookiesOf(header: string | undefined): Record<string, string | undefined> {
  return header ? parseCookie(header, { decode: (value) => value }) : {};
}

/** The session token a request carries: a bearer token wins over the cookie. */
export function sessionTokenOf(headers: IncomingHttpHeaders): string | undefined {
  const authorization = headers.authorization;
  if (authorization) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    return match && SECRET_PATTERN.test(match[1]!) ? match[1] : undefined;
  }
  const cookie = cookiesOf(headers.cookie)[SESSION_COOKIE];
  return cookie && SECRET_PATTERN.test(cookie) ? cookie : undefined;
}

/** The app-host token a request carries in its app cookie. */
export function appTokenOf(headers: IncomingHttpHeaders): string | undefined {
  const cookie = cookiesOf(headers.cookie)[APP_COOKIE];
  return cookie && SECRET_PATTERN.test(cookie) ? cookie : undefined;
}

/**
 * A Cookie header without spawner's cookies, session and app (undefined when nothing else is
 * left). Each `;`-piece is read alone by the same parser, which splits at every `;` too: a piece
 * it names as spawner's goes, every other stays as sent, duplicates included (an app may set one
 * name on several paths, and the browser sends them all).
 */
export function withoutSessionCookie(header: string | undefined): string | undefined {
  const kept = (header ?? '')
    .split(';')
    .filter((piece) => !Object.keys(cookiesOf(piece)).some((name) => SPAWNER_COOKIES.has(name)))
    .map((piece) => piece.trim())
    .filter(Boolean);
  return kept.length ? kept.join('; ') : undefined;
}

/** Removes spawner's credentials from headers bound for a user's app: the bearer token and spawner's cookies. */
export function stripCredentials(headers: IncomingHttpHeaders): void {
  delete headers.authorization;
  const cookie = withoutSessionCookie(headers.cookie);
  if (cookie) headers.cookie = cookie;
  else delete headers.cookie;
}
