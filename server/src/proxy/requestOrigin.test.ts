import type { IncomingHttpHeaders } from 'node:http';
import { describe, expect, it } from 'vitest';
import { appOriginOf, isSameOriginRequest, passesOriginCheck } from './requestOrigin.js';

const APP = appOriginOf(new URL('https://spawner.example/some/path'));
const COOKIE = { cookie: 'spawner_session=abc' };
const UPGRADE = { upgrade: 'websocket', connection: 'Upgrade' };

describe('appOriginOf', () => {
  it('is PUBLIC_URL’s origin in path mode', () => {
    expect(APP).toBe('https://spawner.example');
    expect(appOriginOf(new URL('http://127.0.0.1:8080/'))).toBe('http://127.0.0.1:8080');
  });
});

describe('isSameOriginRequest', () => {
  it.each<[IncomingHttpHeaders, boolean]>([
    [{ origin: APP }, true],
    [{ 'sec-fetch-site': 'same-origin' }, true],
    [{ origin: 'https://evil.example' }, false],
    [{ origin: 'https://spawner.example:8443' }, false],
    [{ origin: 'http://spawner.example' }, false],
    [{ origin: 'null' }, false],
    [{ 'sec-fetch-site': 'same-site' }, false],
    [{ 'sec-fetch-site': 'cross-site' }, false],
    [{ 'sec-fetch-site': 'none' }, false],
    [{}, false],
  ])('%j → %s', (headers, expected) => {
    expect(isSameOriginRequest(headers, APP)).toBe(expected);
  });
});

describe('passesOriginCheck', () => {
  it.each(['POST', 'PUT', 'PATCH', 'DELETE', 'PROPFIND'])(
    'refuses a foreign %s that carries a cookie, allows the app’s own',
    (method) => {
      expect(passesOriginCheck(method, { ...COOKIE, origin: 'https://evil.example' }, APP)).toBe(
        false,
      );
      expect(passesOriginCheck(method, { ...COOKIE }, APP)).toBe(false);
      expect(passesOriginCheck(method, { ...COOKIE, origin: APP }, APP)).toBe(true);
      expect(passesOriginCheck(method, { ...COOKIE, 'sec-fetch-site': 'same-origin' }, APP)).toBe(
        true,
      );
    },
  );

  it('refuses a WebSocket handshake from another origin, even though it is a GET', () => {
    expect(
      passesOriginCheck('GET', { ...COOKIE, ...UPGRADE, origin: 'https://evil.example' }, APP),
    ).toBe(false);
    expect(
      passesOriginCheck('GET', { ...COOKIE, ...UPGRADE, 'sec-fetch-site': 'same-site' }, APP),
    ).toBe(false);
    expect(passesOriginCheck('GET', { ...COOKIE, ...UPGRADE, origin: APP }, APP)).toBe(true);
    // As a forward-auth check sees it: the hop-by-hop Upgrade is gone, the key is not.
    const handshake = { 'sec-websocket-key': 'dGhlIHNhbXBsZSBub25jZQ==' };
    expect(
      passesOriginCheck('GET', { ...COOKIE, ...handshake, origin: 'https://evil.example' }, APP),
    ).toBe(false);
    expect(passesOriginCheck('GET', { ...COOKIE, ...handshake, origin: APP }, APP)).toBe(true);
  });

  it.each(['GET', 'HEAD', 'OPTIONS', undefined])('lets a plain %s through from anywhere', (m) => {
    expect(passesOriginCheck(m, { ...COOKIE, origin: 'https://evil.example' }, APP)).toBe(true);
  });

  it('leaves requests alone that a browser would not authenticate on its own', () => {
    const foreign = { origin: 'https://evil.example' };
    expect(passesOriginCheck('POST', foreign, APP)).toBe(true);
    expect(passesOriginCheck('GET', { ...foreign, ...UPGRADE }, APP)).toBe(true);
    expect(
      passesOriginCheck('POST', { ...foreign, ...COOKIE, authorization: 'Bearer x' }, APP),
    ).toBe(true);
  });
});
