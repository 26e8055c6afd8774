import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppHandshakeService } from '../auth/appHandshake.js';
import { SessionService } from '../auth/sessions.js';
import { startFakePlatform, type FakePlatform } from '../testing/fakePlatform.js';
import { AppHosts, safeAppPath } from './appHost.js';

let p: FakePlatform;
let sessions: SessionService;
let handshake: AppHandshakeService;
let hosts: AppHosts;
beforeEach(async () => {
  p = await startFakePlatform({}, { ROUTING: 'subdomain', APPS_DOMAIN: 'apps.example.com' });
  sessions = new SessionService(p.db);
  handshake = new AppHandshakeService({ db: p.db, sessions });
  hosts = new AppHosts({
    publicUrl: p.config.publicUrl,
    appsDomain: 'apps.example.com',
    handshake,
    isTemplate: (type) => type === 'dev' || type === 'prod',
  });
});
afterEach(() => p.close());

describe('AppHosts.match', () => {
  it('reads the app from the Host, port and case aside, and leaves other hosts to the dashboard', () => {
    expect(hosts.match('ADA-dev.apps.example.com:8443', '/a?b=1')).toEqual({
      kind: 'app',
      route: { slug: 'ada', type: 'dev', prefix: '/', upstreamUrl: '/a?b=1', needsSlash: false },
    });
    expect(hosts.match('ada-dev.apps.example.com', '/_spawner/handshake?code=x').kind).toBe(
      'reserved',
    );
    expect(hosts.match('spawner.example.com', '/ada-dev/').kind).toBe('dashboard');
    expect(hosts.match(undefined, '/').kind).toBe('dashboard');
    // Under APPS_DOMAIN but no app: an unknown template, a deeper name, a bare label.
    for (const host of [
      'ada-nope.apps.example.com',
      'x.ada-dev.apps.example.com',
      'ada.apps.example.com',
    ]) {
      expect(hosts.match(host, '/').kind).toBe('unknown_app');
    }
    // A suffix match by whole label only.
    expect(hosts.match('ada-dev.evilapps.example.com', '/').kind).toBe('dashboard');
  });
});

describe('safeAppPath', () => {
  it('keeps paths on the app origin and turns everything else into /', () => {
    expect(safeAppPath('/a/b?c=1#d')).toBe('/a/b?c=1#d');
    for (const bad of [
      '//evil.example/',
      '/\\evil.example',
      'https://evil.example/',
      'a',
      '/_spawner/handshake?code=1',
      '/x\n',
      null,
      undefined,
    ]) {
      expect(safeAppPath(bad)).toBe('/');
    }
  });
});

describe('the handshake', () => {
  const route = { slug: 'ada', type: 'dev', prefix: '/', upstreamUrl: '/', needsSlash: false };
  const finishRoute = (url: string) => ({
    ...route,
    upstreamUrl: new URL(url).pathname + new URL(url).search,
  });

  it('sends a code for the app host that makes one app cookie, once', async () => {
    const token = await sessions.create(p.owner.id);
    const url = await hosts.handshakeFinishUrl(token, route, '/deep?x=1');
    expect(url).toMatch(
      /^https:\/\/ada-dev\.apps\.example\.com\/_spawner\/handshake\?code=[\w-]{43}&next=%2Fdeep%3Fx%3D1$/,
    );
    const done = await hosts.finish(finishRoute(url));
    expect(done).toMatchObject({ ok: true, location: '/deep?x=1' });
    const setCookie = done?.ok ? done.setCookie : '';
    expect(setCookie).toMatch(
      /^spawner_app=[\w-]{43}; Max-Age=\d+; Path=\/; HttpOnly; Secure; SameSite=Lax$/,
    );
    const appToken = /^spawner_app=([\w-]+)/.exec(setCookie)![1]!;
    expect(await handshake.resolve(appToken)).toMatchObject({
      app: 'ada-dev',
      user: { id: p.owner.id },
    });
    expect(await hosts.finish(finishRoute(url))).toMatchObject({ ok: false });
  });

  it('refuses a code for another app, and one whose session has ended', async () => {
    const token = await sessions.create(p.owner.id);
    const code = await handshake.issueCode(token, 'ada-dev');
    expect(await handshake.redeem(code, 'ada-prod')).toBeUndefined();
    // Refused once is used up: the right app cannot have it afterwards.
    expect(await handshake.redeem(code, 'ada-dev')).toBeUndefined();
    const late = await handshake.issueCode(token, 'ada-dev');
    await sessions.revoke(token);
    expect(await handshake.redeem(late, 'ada-dev')).toBeUndefined();
  });

  it('ends the app session with its dashboard session, at once', async () => {
    const token = await sessions.create(p.owner.id);
    const app = await handshake.redeem(await handshake.issueCode(token, 'ada-dev'), 'ada-dev');
    expect(await handshake.resolve(app!.token)).toBeDefined();
    await sessions.revoke(token);
    expect(await handshake.resolve(app!.token)).toBeUndefined();
  });
});
