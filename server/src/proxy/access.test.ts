import { describe, expect, it } from 'vitest';
import type { IndexedContainer } from '../containers/containerIndex.js';
import type { Routing } from '../containers/identity.js';
import { NotOwnerError, StartingError, UnauthenticatedError } from '../errors.js';
import { decideAccess, refusalOf, signInLocation } from './access.js';
import { matchUserPath } from './userPath.js';

const ada = { id: 1, email: 'ada@example.com', slug: 'ada', isAdmin: false };
const admin = { id: 2, email: 'root@example.com', slug: 'root', isAdmin: true };
const route = matchUserPath('/ada-dev/x', () => true)!;
const running: IndexedContainer = {
  id: 'c1',
  name: 'user-ada-dev-1',
  userId: 1,
  type: 'dev',
  state: 'running',
  endpoint: { host: '127.0.0.1', port: 4000 },
  imageId: 'sha256:1',
  labels: { 'spawner.routing': 'path' },
};
const pathMode: Routing = { mode: 'path' };
const subdomainMode: Routing = { mode: 'subdomain', appsDomain: 'apps.example.com' };

describe('decideAccess', () => {
  it('lets the owner through to a running container', () => {
    expect(decideAccess({ user: ada }, route, running, pathMode)).toEqual({
      outcome: 'allow',
      user: ada,
      endpoint: running.endpoint,
    });
  });

  it('asks nobody to sign in, before anything else', () => {
    expect(decideAccess(undefined, route, running, pathMode)).toEqual({ outcome: 'sign_in' });
    expect(decideAccess(undefined, undefined, undefined, pathMode)).toEqual({ outcome: 'sign_in' });
  });

  it('forbids everyone else, administrators included, and unknown routes', () => {
    expect(decideAccess({ user: admin }, route, running, pathMode)).toEqual({
      outcome: 'forbidden',
      user: admin,
    });
    expect(decideAccess({ user: ada }, undefined, running, pathMode)).toEqual({
      outcome: 'forbidden',
      user: ada,
    });
  });

  it('starts a container that is stopped, missing, or not the caller’s', () => {
    expect(
      decideAccess({ user: ada }, route, { ...running, endpoint: undefined }, pathMode),
    ).toMatchObject({
      outcome: 'start',
    });
    expect(decideAccess({ user: ada }, route, undefined, pathMode)).toMatchObject({
      outcome: 'start',
    });
    expect(decideAccess({ user: ada }, route, { ...running, userId: 9 }, pathMode)).toMatchObject({
      outcome: 'start',
    });
  });
});

describe('decideAccess with an app cookie (subdomain mode)', () => {
  const onSubdomain = { ...running, labels: { 'spawner.routing': 'subdomain' } };

  it('lets an app cookie through to its own app only', () => {
    expect(
      decideAccess({ user: ada, app: 'ada-dev' }, route, onSubdomain, subdomainMode),
    ).toMatchObject({
      outcome: 'allow',
    });
    const prod = matchUserPath('/ada-prod/', () => true)!;
    expect(decideAccess({ user: ada, app: 'ada-dev' }, prod, onSubdomain, subdomainMode)).toEqual({
      outcome: 'forbidden',
      user: ada,
    });
  });

  it('starts (so recreates) a container made for the other routing mode', () => {
    expect(decideAccess({ user: ada }, route, running, subdomainMode)).toMatchObject({
      outcome: 'start',
    });
    expect(decideAccess({ user: ada }, route, onSubdomain, pathMode)).toMatchObject({
      outcome: 'start',
    });
  });
});

describe('refusalOf', () => {
  it('gives one domain error per refusal, with the template named when starting', () => {
    expect(refusalOf({ outcome: 'sign_in' }, undefined)).toBeInstanceOf(UnauthenticatedError);
    expect(refusalOf({ outcome: 'forbidden' }, undefined)).toBeInstanceOf(NotOwnerError);
    const starting = refusalOf({ outcome: 'start', user: ada }, { display_name: 'Dev Box' });
    expect(starting).toBeInstanceOf(StartingError);
    expect(starting.message).toBe('The Dev Box is starting. Try again in a few seconds.');
  });
});

describe('signInLocation', () => {
  it('keeps where the person wanted to go, on this site only', () => {
    expect(signInLocation('/ada-dev/x?y=1')).toBe('/login?next=%2Fada-dev%2Fx%3Fy%3D1');
    expect(signInLocation('http://evil.example/')).toBe('/login?next=%2F');
    expect(signInLocation('/a', new URL('https://s.example'))).toBe(
      'https://s.example/login?next=%2Fa',
    );
  });
});
