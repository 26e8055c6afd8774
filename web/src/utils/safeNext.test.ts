import { describe, expect, it } from 'vitest';
import { isDashboardPath, loginPathFor, safeNext } from './safeNext';

describe('safeNext', () => {
  it.each([
    ['/', '/'],
    ['/foo?bar=1#x', '/foo?bar=1#x'],
    ['//evil.example', '/'],
    ['/\\evil.example', '/'],
    ['https://evil.example/', '/'],
    ['javascript:alert(1)', '/'],
    ['/\t/evil.example', '/'],
    ['', '/'],
    [null, '/'],
  ])('%s → %s', (input, expected) => {
    expect(safeNext(input)).toBe(expected);
  });
});

describe('loginPathFor', () => {
  it('keeps where the person was', () => {
    expect(loginPathFor({ pathname: '/', search: '?a=1', hash: '' })).toBe(
      '/login?next=%2F%3Fa%3D1',
    );
  });
  it('falls back to the dashboard for odd paths', () => {
    expect(loginPathFor({ pathname: '//evil', search: '', hash: '' })).toBe('/login?next=%2F');
  });
});

describe('isDashboardPath', () => {
  it("tells the dashboard's pages from users' apps", () => {
    expect(isDashboardPath('/')).toBe(true);
    expect(isDashboardPath('/login?next=%2F')).toBe(true);
    expect(isDashboardPath('/ada-dev/notes?x=1')).toBe(false);
  });
});
