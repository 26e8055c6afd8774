import { describe, expect, it } from 'vitest';
import { templateSchema } from '../templates/template.js';
import {
  containerLabels,
  containerName,
  ownerOfLabels,
  pathPrefix,
  volumeName,
} from './identity.js';

const template = templateSchema.parse({
  key: 'dev',
  image: 'img',
  display_name: 'Dev',
  port: 3000,
});
const owner = { id: 7, slug: 'bob' };
const base = {
  publicUrl: new URL('https://spawner.example.com'),
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
