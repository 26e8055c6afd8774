import { describe, expect, it } from 'vitest';
import { templateSchema } from '../templates/template.js';
import {
  appOrigin,
  basePath,
  containerLabels,
  containerName,
  madeForOtherRouting,
  ownerOfLabels,
  pathPrefix,
  serviceUrl,
  volumeName,
  type Routing,
} from './identity.js';

const template = templateSchema.parse({
  key: 'dev',
  image: 'img',
  display_name: 'Dev',
  port: 3000,
});
const owner = { id: 7, slug: 'bob' };
const pathMode: Routing = { mode: 'path' };
const subdomainMode: Routing = { mode: 'subdomain', appsDomain: 'apps.example.com' };
const base = {
  publicUrl: new URL('https://spawner.example.com'),
  routing: pathMode,
  provider: 'docker' as const,
};

describe('container naming', () => {
  it('names the container user-{slug}-{type}-{userId}', () => {
    expect(containerName(owner, 'dev')).toBe('user-bob-dev-7');
    expect(pathPrefix(owner, 'dev')).toBe('/bob-dev');
    expect(volumeName(owner, 'dev')).toBe('user-bob-dev-7-data');
  });
});

describe('ownerOfLabels', () => {
  it('reads owner and template from labels, with or without the slug label', () => {
    const labels = containerLabels(owner, template, { ...base, certResolver: undefined });
    expect(ownerOfLabels(labels)).toEqual({ userId: 7, type: 'dev' });
    const older = { ...labels };
    delete older['spawner.slug'];
    expect(ownerOfLabels(older)).toEqual({ userId: 7, type: 'dev' });
  });

  it('refuses objects that are not a user container of ours', () => {
    expect(ownerOfLabels({ 'spawner.user-id': '7', 'spawner.template': 'dev' })).toBeUndefined();
    expect(ownerOfLabels({ 'spawner.managed': 'true' })).toBeUndefined();
    expect(
      ownerOfLabels({
        'spawner.managed': 'true',
        'spawner.user-id': 'x',
        'spawner.template': 'dev',
      }),
    ).toBeUndefined();
  });
});

describe('containerLabels', () => {
  const labels = containerLabels(owner, template, { ...base, certResolver: undefined });

  it('marks the container as spawner-managed with owner and template', () => {
    expect(labels['spawner.managed']).toBe('true');
    expect(labels['spawner.user-id']).toBe('7');
    expect(labels['spawner.template']).toBe('dev');
    expect(labels['spawner.slug']).toBe('bob');
  });

  it('routes by whole path segment so /bob-dev never catches /bob-dev-prod', () => {
    expect(labels['traefik.http.routers.user7-dev.rule']).toBe(
      'Host(`spawner.example.com`) && (Path(`/bob-dev`) || PathPrefix(`/bob-dev/`))',
    );
  });

  it('runs forward auth before stripping the prefix, and targets the template port', () => {
    expect(labels['traefik.http.routers.user7-dev.middlewares']).toBe(
      'spawner-auth@docker,user7-dev-strip',
    );
    expect(labels['traefik.http.middlewares.user7-dev-strip.stripprefix.prefixes']).toBe(
      '/bob-dev',
    );
    expect(labels['traefik.http.services.user7-dev.loadbalancer.server.port']).toBe('3000');
    expect(labels['traefik.http.routers.user7-dev.tls']).toBeUndefined();
  });

  it('adds TLS and the cert resolver only when one is configured', () => {
    const tls = containerLabels(owner, template, { ...base, certResolver: 'le' });
    expect(tls['traefik.http.routers.user7-dev.tls']).toBe('true');
    expect(tls['traefik.http.routers.user7-dev.tls.certresolver']).toBe('le');
  });
});

describe('addresses by routing mode', () => {
  const publicUrl = new URL('http://spawner.test:8123');

  it('serves path mode under PUBLIC_URL, with the prefix as BASE_PATH', () => {
    expect(serviceUrl(publicUrl, pathMode, owner, 'dev')).toBe('http://spawner.test:8123/bob-dev');
    expect(appOrigin(publicUrl, pathMode, owner, 'dev')).toBe('http://spawner.test:8123');
    expect(basePath(pathMode, owner, 'dev')).toBe('/bob-dev');
  });

  it("serves subdomain mode on the app's own host, PUBLIC_URL's scheme and port, at the root", () => {
    expect(serviceUrl(publicUrl, subdomainMode, owner, 'dev')).toBe(
      'http://bob-dev.apps.example.com:8123/',
    );
    expect(serviceUrl(new URL('https://s.example.com'), subdomainMode, owner, 'dev')).toBe(
      'https://bob-dev.apps.example.com/',
    );
    expect(appOrigin(publicUrl, subdomainMode, owner, 'dev')).toBe(
      'http://bob-dev.apps.example.com:8123',
    );
    expect(basePath(subdomainMode, owner, 'dev')).toBe('');
  });

  it('labels subdomain containers with a Host rule, forward auth only, and no prefix to strip', () => {
    const labels = containerLabels(owner, template, {
      ...base,
      routing: subdomainMode,
      certResolver: 'le',
    });
    expect(labels['traefik.http.routers.user7-dev.rule']).toBe('Host(`bob-dev.apps.example.com`)');
    expect(labels['traefik.http.routers.user7-dev.middlewares']).toBe('spawner-auth@docker');
    expect(Object.keys(labels).some((k) => k.includes('stripprefix'))).toBe(false);
    expect(labels['traefik.http.routers.user7-dev.tls.certresolver']).toBe('le');
    expect(labels['spawner.routing']).toBe('subdomain');
  });

  it("names spawner's middleware after the provider: @swarm on Swarm, where labels sit on services", () => {
    const labels = containerLabels(owner, template, {
      ...base,
      provider: 'swarm',
      certResolver: undefined,
    });
    expect(labels['traefik.http.routers.user7-dev.middlewares']).toBe(
      'spawner-auth@swarm,user7-dev-strip',
    );
  });

  it('tells a container made for the other mode; one without the label was made for path mode', () => {
    const pathLabels = containerLabels(owner, template, { ...base, certResolver: undefined });
    expect(pathLabels['spawner.routing']).toBe('path');
    expect(madeForOtherRouting(pathLabels, pathMode)).toBe(false);
    expect(madeForOtherRouting(pathLabels, subdomainMode)).toBe(true);
    const older = { ...pathLabels };
    delete older['spawner.routing'];
    expect(madeForOtherRouting(older, pathMode)).toBe(false);
    expect(madeForOtherRouting(older, subdomainMode)).toBe(true);
  });
});
