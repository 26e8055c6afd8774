import type { IncomingHttpHeaders } from 'node:http';
import { describe, expect, it } from 'vitest';
import {
  confineResponseHeaders,
  confineSetCookie,
  isReservedCookieName,
} from './responseHeaders.js';

const PREFIX = '/bob-dev';

describe('confineSetCookie', () => {
  it.each([
    ['a=1; Path=/', 'a=1; Path=/bob-dev/'],
    ['a=1; Path=/api; HttpOnly', 'a=1; HttpOnly; Path=/bob-dev/api'],
    ['a=1;path=/x;SameSite=Lax', 'a=1;SameSite=Lax; Path=/bob-dev/x'],
    // The app knows its base path: kept.
    ['a=1; Path=/bob-dev', 'a=1; Path=/bob-dev'],
    ['a=1; Path=/bob-dev/x', 'a=1; Path=/bob-dev/x'],
    // Another app's path that starts with the same letters is not inside the prefix.
    ['a=1; Path=/bob-dev-prod/', 'a=1; Path=/bob-dev/bob-dev-prod/'],
    // The browser obeys the last Path: none survives but the confined one.
    ['a=1; Path=/bob-dev/; Path=/', 'a=1; Path=/bob-dev/'],
    ['a=1; Path=/; Path=/bob-dev/', 'a=1; Path=/bob-dev/'],
    // No Path, or one the browser ignores: the default path is the request's folder, inside the prefix.
    ['a=1; HttpOnly', 'a=1; HttpOnly'],
    ['a=1; Path=x', 'a=1'],
    ['a=1; Path=', 'a=1'],
    // Domain goes: the cookie stays host-only.
    ['a=1; Domain=example.com; Path=/', 'a=1; Path=/bob-dev/'],
    ['a=1; domain=.localhost', 'a=1'],
    ['a=b=c; Max-Age=60; Secure', 'a=b=c; Max-Age=60; Secure'],
  ])('%s → %s', (input, output) => {
    expect(confineSetCookie(input, PREFIX)).toBe(output);
  });

  it('takes a prefix with or without its trailing slash', () => {
    expect(confineSetCookie('a=1; Path=/', '/bob-dev/')).toBe('a=1; Path=/bob-dev/');
  });

  it.each([
    'spawner_session=x; Path=/',
    ' spawner_session =x',
    'SPAWNER_SESSION=x',
    'spawner_app=x',
    '__Host-spawner_session=x; Path=/; Secure',
    '__secure-Spawner=x; Secure',
    // Nameless: the browser sends the value alone, which here reads `spawner_session=x`.
    '=spawner_session=x',
    'spawner_session',
    '',
  ])('drops %j', (input) => {
    expect(confineSetCookie(input, PREFIX)).toBeUndefined();
  });

  it('on an app origin (prefix /) keeps paths and still drops Domain and spawner names', () => {
    expect(confineSetCookie('a=1; Path=/x; Domain=apps.example', '/')).toBe('a=1; Path=/x');
    expect(confineSetCookie('a=1', '/')).toBe('a=1');
    expect(confineSetCookie('spawner_session=x', '/')).toBeUndefined();
  });
});

describe('isReservedCookieName', () => {
  it.each(['spawner_session', 'spawnerx', ' spawner', '__HOST-spawner', ''])(
    '%j is reserved',
    (name) => {
      expect(isReservedCookieName(name)).toBe(true);
    },
  );
  it.each(['session', 'my_spawner', '__Host-app', 'sid'])('%j is the app’s', (name) => {
    expect(isReservedCookieName(name)).toBe(false);
  });
});

describe('confineResponseHeaders', () => {
  it('rewrites every cookie, drops spawner’s and drops the worker scope header', () => {
    const headers: IncomingHttpHeaders = {
      'content-type': 'text/html',
      'set-cookie': ['a=1; Path=/', 'spawner_session=stolen; Path=/', 'b=2'],
      'service-worker-allowed': '/',
    };
    confineResponseHeaders(headers, PREFIX);
    expect(headers).toEqual({
      'content-type': 'text/html',
      'set-cookie': ['a=1; Path=/bob-dev/', 'b=2'],
    });
  });

  it('leaves an app on its own origin its worker scope', () => {
    const headers: IncomingHttpHeaders = { 'service-worker-allowed': '/' };
    confineResponseHeaders(headers, '/');
    expect(headers).toEqual({ 'service-worker-allowed': '/' });
  });

  it('removes the headers when nothing is left of them', () => {
    const headers: IncomingHttpHeaders = {
      'set-cookie': ['spawner_session=x'],
      'service-worker-allowed': 'https://evil.example/',
    };
    confineResponseHeaders(headers, PREFIX);
    expect(headers).toEqual({});
  });
});
