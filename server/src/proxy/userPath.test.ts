import { describe, expect, it } from 'vitest';
import { matchUserPath } from './userPath.js';

const templates = new Set(['dev', 'prod']);
const match = (url: string) => matchUserPath(url, (t) => templates.has(t));

describe('matchUserPath', () => {
  it('strips the prefix and keeps the query', () => {
    expect(match('/test-dev/a/b?q=1')).toMatchObject({
      slug: 'test',
      type: 'dev',
      prefix: '/test-dev',
      upstreamUrl: '/a/b?q=1',
      needsSlash: false,
    });
    expect(match('/test-dev/')).toMatchObject({ upstreamUrl: '/', needsSlash: false });
  });

  it('asks for a redirect on the bare prefix', () => {
    expect(match('/test-dev?x=1')).toMatchObject({ needsSlash: true, upstreamUrl: '/?x=1' });
  });

  it('splits slugs with hyphens at the last one', () => {
    expect(match('/jane-doe-2-prod/x')).toMatchObject({ slug: 'jane-doe-2', type: 'prod' });
    expect(match('/bob-dev-prod/x')).toMatchObject({ slug: 'bob-dev', type: 'prod' });
  });

  it.each([
    '/test-devx/a',
    '/test-dev%2f..%2fbob-dev/',
    '/%2e%2e/test-dev/',
    '//test-dev/',
    '/test-DEV/',
    '/Test-dev/',
    '/test-nope/',
    '/-dev/',
    '/api/user/containers',
    '/assets/index.js',
    '/',
    'http://evil/test-dev/',
    `/${'a'.repeat(40)}-dev/`,
  ])('does not match %s', (url) => {
    expect(match(url)).toBeUndefined();
  });
});
