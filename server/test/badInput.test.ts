import type { ErrorBody } from '@spawner/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type SignedIn, type TestApp } from './helpers/testApp.js';

let t: TestApp;
let user: SignedIn;
beforeAll(async () => {
  t = await startTestApp();
  user = await t.signIn();
});
afterAll(() => t.close());

const rawPost = (path: string, body: string, contentType = 'application/json') =>
  fetch(`${t.url}${path}`, { method: 'POST', headers: { 'content-type': contentType }, body });

async function expectJsonError(res: Response, status: number) {
  expect(res.status).toBe(status);
  const body = (await res.json()) as ErrorBody;
  expect(typeof body.error).toBe('string');
  expect(typeof body.message).toBe('string');
  return body;
}

describe('bad input is answered with a 4xx JSON error and changes nothing', () => {
  it('malformed JSON', async () => {
    expect(
      (await expectJsonError(await rawPost('/api/auth/magic-link', '{"email":'), 400)).error,
    ).toBe('bad_json');
  });

  it('an empty JSON body where none is needed is no body, not an error', async () => {
    const res = await user.fetch('/api/auth/me', { method: 'GET' });
    expect(res.status).toBe(200);
    const launch = await user.fetch('/api/container/launch/nope', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
    });
    expect((await expectJsonError(launch, 400)).error).toBe('unknown_template');
  });

  it('wrong content type', async () => {
    await expectJsonError(
      await rawPost('/api/auth/magic-link', 'email=a@b.c', 'application/x-www-form-urlencoded'),
      415,
    );
  });

  it('a body over 64 KiB', async () => {
    const body = JSON.stringify({ email: 'a@b.c', pad: 'x'.repeat(70 * 1024) });
    expect((await expectJsonError(await rawPost('/api/auth/magic-link', body), 413)).error).toBe(
      'payload_too_large',
    );
  });

  it.each([
    ['missing', {}],
    ['not a string', { email: 42 }],
    ['no at sign', { email: 'nobody' }],
    ['control characters', { email: 'a\u0000b@example.com' }],
    ['a newline for header injection', { email: 'a@example.com\r\nBcc: x@evil.example' }],
    ['over 254 characters', { email: `${'a'.repeat(250)}@example.com` }],
  ])('an email that is %s', async (_name, payload) => {
    const before = await t.app.db
      .selectFrom('magic_links')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const res = await rawPost('/api/auth/magic-link', JSON.stringify(payload));
    expect((await expectJsonError(res, 400)).error).toBe('invalid_email');
    const after = await t.app.db
      .selectFrom('magic_links')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });

  it.each(['../x', '%2e%2e', '%2e', 'DEV', 'dev-prod', 'x'.repeat(300), '%00', 'dev%2Fprod'])(
    'an odd template key %s',
    async (key) => {
      const res = await user.fetch(`/api/container/launch/${key}`, { method: 'POST' });
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
      await res.json();
      const rows = await t.app.db.selectFrom('user_containers').selectAll().execute();
      expect(rows).toHaveLength(0);
    },
  );

  it('a token of the wrong shape', async () => {
    await expectJsonError(
      await rawPost('/api/auth/verify', JSON.stringify({ token: '../../etc/passwd' })),
      401,
    );
    await expectJsonError(await rawPost('/api/auth/verify', JSON.stringify({ token: ['a'] })), 401);
  });

  it('an unknown API path', async () => {
    expect((await expectJsonError(await fetch(`${t.url}/api/nope`), 404)).error).toBe('not_found');
  });

  it('logged no crash', () => {
    expect(t.errorLogs).toEqual([]);
  });
});
