import { describe, expect, it } from 'vitest';
import { baseSlug, slugCandidate } from './slug.js';

describe('baseSlug', () => {
  it.each([
    ['test@example.com', 'test'],
    ['Jane.Doe+tag@Example.com', 'jane-doe-tag'],
    ['--weird__name--@x.io', 'weird-name'],
    ['ÄÖÜ.müller@x.de', 'm-ller'],
    ['a'.repeat(40) + '@x.io', 'a'.repeat(32)],
    ['...@x.io', 'user'],
  ])('%s → %s', (email, slug) => {
    expect(baseSlug(email)).toBe(slug);
  });

  it('never ends in a hyphen after cutting', () => {
    expect(baseSlug('a'.repeat(31) + '.b@x.io')).toBe('a'.repeat(31));
  });
});

describe('slugCandidate', () => {
  it('adds -2, -3 on collision and stays within 32 characters', () => {
    expect(slugCandidate('test', 1)).toBe('test');
    expect(slugCandidate('test', 2)).toBe('test-2');
    expect(slugCandidate('a'.repeat(32), 3)).toBe('a'.repeat(30) + '-3');
  });
});
