import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './helpers/testApp.js';
import { tokenFromMail } from './helpers/smtp.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ RATE_LIMIT_MAGIC_LINK_PER_EMAIL: '3' });
});
afterAll(() => t.close());

const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${t.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });

async function requestLink(email: string): Promise<string> {
  const before = t.mail.mails.length;
  expect((await post('/api/auth/magic-link', { email })).status).toBe(202);
  return tokenFromMail(await t.mail.waitFor(email.toLowerCase(), before));
}

describe('magic-link sign-in over real SMTP', () => {
  it('registers on first use with the slug from the email', async () => {
    const token = await requestLink(`${t.tag}.First+X@Example.com`);
    const res = await post('/api/auth/verify', { token });
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      token: string;
      user: { email: string; slug: string; id: number };
    };
    expect(body.user.email).toBe(`${t.tag}.first+x@example.com`);
    expect(body.user.slug).toBe(`${t.tag}-first-x`);
    const cookie = res.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^spawner_session=/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);

    const me = await fetch(`${t.url}/api/auth/me`, {
      headers: { authorization: `Bearer ${body.token}` },
    });
    const user = { ...body.user, is_admin: false };
    expect(await me.json()).toEqual({ ...user, user });
    const byCookie = await fetch(`${t.url}/api/auth/me`, {
      headers: { cookie: cookie.split(';')[0]! },
    });
    expect(byCookie.status).toBe(200);
  });

  it('gives the next user with the same slug base a -2 suffix', async () => {
    const a = await t.signIn(`${t.tag}same@one.example`);
    const b = await t.signIn(`${t.tag}same@two.example`);
    expect(a.user.slug).toBe(`${t.tag}same`);
    expect(b.user.slug).toBe(`${t.tag}same-2`);
  });

  it('lets a link work once only', async () => {
    const token = await requestLink(t.email());
    expect((await post('/api/auth/verify', { token })).status).toBe(200);
    const again = await post('/api/auth/verify', { token });
    expect(again.status).toBe(401);
    expect(await again.json()).toMatchObject({ error: 'invalid_token' });
  });

  it('lets exactly one of many simultaneous confirmations through', async () => {
    const token = await requestLink(t.email());
    const results = await Promise.all(
      Array.from({ length: 10 }, () => post('/api/auth/verify', { token })),
    );
    expect(results.map((r) => r.status).sort()).toEqual([200, ...Array<number>(9).fill(401)]);
  });

  it('previews a link without using it up', async () => {
    const email = t.email();
    const token = await requestLink(email);
    const preview = await post('/api/auth/verify/preview', { token });
    expect(await preview.json()).toEqual({ email });
    expect((await post('/api/auth/verify', { token })).status).toBe(200);
    expect((await post('/api/auth/verify/preview', { token })).status).toBe(401);
  });

  it('refuses unknown and expired tokens', async () => {
    expect((await post('/api/auth/verify', { token: 'x'.repeat(43) })).status).toBe(401);
    const email = t.email();
    const token = await requestLink(email);
    await t.app.db
      .updateTable('magic_links')
      .set({ expires_at: new Date(Date.now() - 1000).toISOString() })
      .where('email', '=', email)
      .execute();
    expect((await post('/api/auth/verify', { token })).status).toBe(401);
  });

  it('stores only hashes of links and sessions', async () => {
    const email = t.email();
    const token = await requestLink(email);
    const session = (await (await post('/api/auth/verify', { token })).json()) as { token: string };
    const links = await t.app.db.selectFrom('magic_links').select('token_hash').execute();
    const sessions = await t.app.db.selectFrom('sessions').select('token_hash').execute();
    expect(links.some((l) => l.token_hash === token)).toBe(false);
    expect(sessions.some((s) => s.token_hash === session.token)).toBe(false);
    expect(sessions.every((s) => /^[0-9a-f]{64}$/.test(s.token_hash))).toBe(true);
  });

  it('answers the same for known and unknown addresses', async () => {
    const known = await t.signIn();
    const a = await post('/api/auth/magic-link', { email: known.email });
    const b = await post('/api/auth/magic-link', { email: t.email('nobody') });
    expect(a.status).toBe(202);
    expect(b.status).toBe(202);
    expect(await a.json()).toEqual(await b.json());
  });

  it('limits mails per address with 429 and Retry-After', async () => {
    const email = t.email();
    for (let i = 0; i < 3; i++)
      expect((await post('/api/auth/magic-link', { email })).status).toBe(202);
    const limited = await post('/api/auth/magic-link', { email });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await limited.json()).toMatchObject({ error: 'rate_limited' });
  });

  it('ends the session on logout', async () => {
    const user = await t.signIn();
    expect((await user.fetch('/api/auth/logout', { method: 'POST' })).status).toBe(200);
    expect((await user.fetch('/api/auth/me')).status).toBe(401);
  });

  it('refuses cross-site requests authenticated by cookie', async () => {
    const user = await t.signIn();
    const res = await fetch(`${t.url}/api/auth/logout`, {
      method: 'POST',
      headers: {
        cookie: user.cookie,
        origin: 'https://evil.example',
        'sec-fetch-site': 'cross-site',
      },
    });
    expect(res.status).toBe(403);
    expect((await user.fetch('/api/auth/me')).status).toBe(200);
  });
});

describe('the confirmation page', () => {
  it('is served without consuming the token and sends no referrer', async () => {
    const email = t.email();
    const token = await requestLink(email);
    const page = await fetch(`${t.url}/auth/verify?token=${token}`);
    expect(page.headers.get('referrer-policy')).toBe('no-referrer');
    expect((await post('/api/auth/verify', { token })).status).toBe(200);
  });

  it('sends no referrer even while the web UI is not built', async () => {
    const bare = await startTestApp({ WEB_DIST: '/nonexistent' });
    try {
      const page = await fetch(`${bare.url}/auth/verify?token=x`);
      expect(page.status).toBe(503);
      expect(page.headers.get('referrer-policy')).toBe('no-referrer');
    } finally {
      await bare.close();
    }
  });
});

describe('a sign-in link without SMTP', () => {
  it('is written to the log on one line', async () => {
    const lines: string[] = [];
    const { createMailer } = await import('../src/auth/mailer.js');
    const { default: pino } = await import('pino');
    const log = pino({}, { write: (line: string) => void lines.push(line) });
    await createMailer(undefined, 'spawner@x', log).send({
      to: 'a@b.c',
      subject: 's',
      text: 'open http://x/auth/verify?token=abc\nnow',
      html: '',
    });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('http://x/auth/verify?token=abc');
  });
});
