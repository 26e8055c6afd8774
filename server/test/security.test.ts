import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest, type OutgoingHttpHeaders } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MagicLinkService } from '../src/auth/magicLinks.js';
import type { Mail } from '../src/auth/mailer.js';
import { MagicLinkRateLimit } from '../src/auth/rateLimit.js';
import { SignupPolicy } from '../src/auth/signupPolicy.js';
import { API_REFERENCE_CSP } from '../src/http/securityHeaders.js';
import { UserStore } from '../src/users/userStore.js';
import { startTestApp, type SignedIn, type TestApp } from './helpers/testApp.js';

// Attacks on spawner's own surface, replayed against a real server: cross-site requests through
// encoded paths, cookie spellings, sign-in lock-out, forwarded-header spoofing, sign-up, headers.

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A request with the path sent exactly as written (fetch would normalise it). */
function raw(
  base: string,
  path: string,
  {
    method = 'GET',
    headers = {},
    body,
  }: { method?: string; headers?: OutgoingHttpHeaders; body?: string } = {},
): Promise<Answer> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: hostname, port, path, method, headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }),
      );
    });
    req.on('error', reject);
    req.end(body);
  });
}

const FOREIGN = 'https://evil.example';

/** Asks for a sign-in link as the given client address would, through a proxy on loopback. */
const askForLink = (app: TestApp, email: string, clientIp?: string) =>
  fetch(`${app.url}/api/auth/magic-link`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(clientIp ? { 'x-forwarded-for': clientIp } : {}),
    },
    body: JSON.stringify({ email }),
  });

/** A web build like Vite's: a module script and a stylesheet, nothing inline. */
function fakeWebDist(): string {
  const dir = mkdtempSync(join(tmpdir(), 'spawner-web-'));
  mkdirSync(join(dir, 'assets'));
  writeFileSync(join(dir, 'assets', 'index-abc.js'), 'document.body.dataset.ok = "1";');
  writeFileSync(join(dir, 'assets', 'index-abc.css'), 'body { margin: 0 }');
  writeFileSync(
    join(dir, 'index.html'),
    '<!doctype html><html lang="en"><head><meta charset="UTF-8" /><title>spawner</title>' +
      '<script type="module" crossorigin src="/assets/index-abc.js"></script>' +
      '<link rel="modulepreload" crossorigin href="/assets/index-abc.js">' +
      '<link rel="stylesheet" crossorigin href="/assets/index-abc.css"></head>' +
      '<body><div id="root"></div></body></html>',
  );
  return dir;
}

let t: TestApp;
let webDist: string;
beforeAll(async () => {
  webDist = fakeWebDist();
  t = await startTestApp({ WEB_DIST: webDist });
});
afterAll(async () => {
  await t.close();
  rmSync(webDist, { recursive: true, force: true });
});

describe('the cross-site check runs on the routed path', () => {
  it('is needed: the router decodes `/%61pi/...` into an API route', async () => {
    const user = await t.signIn();
    const me = await raw(t.url, '/%61pi/auth/me', { headers: { cookie: user.cookie } });
    expect(me.status).toBe(200);
  });

  it.each(['/%61pi/auth/logout', '/api/auth/%6cogout', '/%61%70%69/auth/logout'])(
    'refuses POST %s with a foreign Origin, and the session lives on',
    async (path) => {
      const user = await t.signIn();
      const res = await raw(t.url, path, {
        method: 'POST',
        headers: { cookie: user.cookie, origin: FOREIGN },
      });
      expect(res.status).toBe(403);
      expect(JSON.parse(res.body)).toMatchObject({ error: 'forbidden' });
      expect((await user.fetch('/api/auth/me')).status).toBe(200);
    },
  );

  it('refuses an encoded launch from another site (Sec-Fetch-Site or Origin)', async () => {
    const user = await t.signIn();
    for (const headers of [{ origin: FOREIGN }, { 'sec-fetch-site': 'cross-site' }]) {
      const res = await raw(t.url, '/%61pi/container/launch/dev', {
        method: 'POST',
        headers: { cookie: user.cookie, ...headers },
      });
      expect(res.status).toBe(403);
    }
    const list = (await (await user.fetch('/api/user/containers')).json()) as {
      containers: Array<{ status: string }>;
    };
    expect(list.containers.every((c) => c.status === 'not_created')).toBe(true);
  });

  it('refuses same-site pages that are not spawner’s own (an app host, another port)', async () => {
    const user = await t.signIn();
    for (const headers of [
      { origin: 'http://alice-dev.spawner.test', 'sec-fetch-site': 'same-site' },
      { origin: 'http://127.0.0.1:1' },
    ]) {
      const res = await raw(t.url, '/api/auth/logout', {
        method: 'POST',
        headers: { cookie: user.cookie, ...headers },
      });
      expect(res.status).toBe(403);
    }
    expect((await user.fetch('/api/auth/me')).status).toBe(200);
  });

  it('is not fooled by X-Forwarded-Host from a peer that is not a trusted proxy', async () => {
    const user = await t.signIn();
    const res = await raw(t.url, '/api/auth/logout', {
      method: 'POST',
      headers: {
        cookie: user.cookie,
        origin: 'http://evil.example',
        'x-forwarded-host': 'evil.example',
        'x-forwarded-proto': 'http',
      },
    });
    expect(res.status).toBe(403);
    expect((await user.fetch('/api/auth/me')).status).toBe(200);
  });

  it('lets the dashboard’s own requests through', async () => {
    const user = await t.signIn();
    const res = await raw(t.url, '/api/auth/logout', {
      method: 'POST',
      headers: { cookie: user.cookie, origin: t.url, 'sec-fetch-site': 'same-origin' },
    });
    expect(res.status).toBe(200);
  });
});

describe('sign-in and sign-out clear what the origin holds', () => {
  it('sends Clear-Site-Data for cache and storage (not cookies) with both answers', async () => {
    const before = t.mail.mails.length;
    const email = t.email();
    expect((await askForLink(t, email)).status).toBe(202);
    const { tokenFromMail } = await import('./helpers/smtp.js');
    const token = tokenFromMail(await t.mail.waitFor(email, before));
    const verify = await fetch(`${t.url}/api/auth/verify`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token }),
    });
    expect(verify.status).toBe(200);
    expect(verify.headers.get('clear-site-data')).toBe('"cache", "storage"');
    expect(verify.headers.get('set-cookie')).toMatch(/^spawner_session=/);
    const cookie = verify.headers.get('set-cookie')!.split(';')[0]!;
    const logout = await fetch(`${t.url}/api/auth/logout`, {
      method: 'POST',
      headers: { cookie },
    });
    expect(logout.status).toBe(200);
    expect(logout.headers.get('clear-site-data')).toBe('"cache", "storage"');
  });
});

describe('cookie spellings: what signs in never reaches the app', () => {
  let alice: SignedIn;
  beforeAll(async () => {
    alice = await t.signIn(`${t.tag}alice@example.com`);
    expect((await alice.fetch('/api/container/launch/dev', { method: 'POST' })).status).toBe(200);
  });

  const spellings = (token: string): Array<string | string[]> => [
    `spawner_session=${token}`,
    `spawner_session =${token}`,
    `spawner_session= ${token}`,
    `spawner_session\t=${token}`,
    `theme=dark;spawner_session=${token}`,
    `spawner_session=${token}; spawner_session=${token}`,
    `spawner_session=junk; spawner_session=${token}`,
    `spawner_session="${token}"`,
    `SPAWNER_SESSION=${token}`,
    ['theme=dark', `spawner_session=${token}`],
  ];

  it('each spelling either signs in and is stripped, or does not sign in', async () => {
    let signedIn = 0;
    for (const cookie of spellings(alice.token)) {
      const me = await raw(t.url, '/api/auth/me', { headers: { cookie } });
      if (me.status !== 200) {
        expect(me.status, String(cookie)).toBe(401);
        continue;
      }
      signedIn++;
      const res = await raw(t.url, `/${alice.user.slug}-dev/echo`, { headers: { cookie } });
      expect(res.status, String(cookie)).toBe(200);
      const echo = JSON.parse(res.body) as { headers: Record<string, string> };
      expect(JSON.stringify(echo.headers), String(cookie)).not.toContain(alice.token);
    }
    // The lenient spellings do sign in, so the check above did run for them.
    expect(signedIn).toBeGreaterThanOrEqual(6);
  });
});

describe('sign-in cannot be locked by others', () => {
  let proxied: TestApp;
  beforeAll(async () => {
    // Behind a proxy on loopback: each request's client address comes from X-Forwarded-For.
    proxied = await startTestApp({ TRUST_PROXY: 'loopback', RATE_LIMIT_MAGIC_LINK_PER_IP: '3' });
  });
  afterAll(() => proxied.close());

  it('five requests for a person from elsewhere leave their own request working', async () => {
    const victim = proxied.email('victim');
    // The attack as it worked before: five requests for the address, each from another place.
    for (let i = 1; i <= 5; i++) {
      expect((await askForLink(proxied, victim, `192.0.2.${60 + i}`)).status).toBe(202);
    }
    // And more from one place: that place runs out of its own budget, not the person's.
    for (let i = 0; i < 3; i++) {
      expect((await askForLink(proxied, victim, '192.0.2.70')).status).toBe(202);
    }
    expect((await askForLink(proxied, victim, '192.0.2.70')).status).toBe(429);
    const before = proxied.mail.mails.length;
    const own = await askForLink(proxied, victim, '198.51.100.7');
    expect(own.status).toBe(202);
    await proxied.mail.waitFor(victim, before);
  });

  it('counts each client behind a trusted proxy on its own', async () => {
    for (const ip of ['192.0.2.1', '192.0.2.2', '192.0.2.3', '192.0.2.4']) {
      // Three per client address; four addresses, so twelve requests pass in all.
      for (let i = 0; i < 3; i++) {
        expect((await askForLink(proxied, proxied.email(), ip)).status).toBe(202);
      }
    }
    expect((await askForLink(proxied, proxied.email(), '192.0.2.1')).status).toBe(429);
  });
});

describe('forwarded headers from peers that are not trusted proxies', () => {
  let direct: TestApp;
  beforeAll(async () => {
    // A proxy is configured, but the test's requests come from loopback, which is not it.
    direct = await startTestApp({ TRUST_PROXY: '192.0.2.10', RATE_LIMIT_MAGIC_LINK_PER_IP: '3' });
  });
  afterAll(() => direct.close());

  it('cannot choose a client address to get around the per-IP limit', async () => {
    const spoofed = ['192.0.2.1', '192.0.2.2', '192.0.2.3', '192.0.2.4'];
    const statuses: number[] = [];
    for (const ip of spoofed) {
      statuses.push((await askForLink(direct, direct.email(), ip)).status);
    }
    expect(statuses).toEqual([202, 202, 202, 429]);
    const forwarded = await fetch(`${direct.url}/api/auth/magic-link`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        forwarded: 'for=192.0.2.99',
        'x-real-ip': '192.0.2.98',
      },
      body: JSON.stringify({ email: direct.email() }),
    });
    expect(forwarded.status).toBe(429);
  });
});

describe('who may sign up', () => {
  let closed: TestApp;
  beforeAll(async () => {
    closed = await startTestApp({
      SIGNUP: 'allowlist',
      ALLOWED_EMAILS: 'Guest@Else.example',
      ALLOWED_EMAIL_DOMAINS: '@team.example',
    });
    await new UserStore(closed.app.db).findOrCreate('old-hand@else.example');
  });
  afterAll(() => closed.close());

  it('mails listed addresses, listed domains and existing users', async () => {
    for (const email of [
      'guest@else.example',
      `${closed.tag}@team.example`,
      'old-hand@else.example',
    ]) {
      const before = closed.mail.mails.length;
      expect((await askForLink(closed, email)).status).toBe(202);
      await closed.mail.waitFor(email, before);
    }
  });

  it('answers a refused address exactly as an allowed one, and mails it nothing', async () => {
    const refused = await askForLink(closed, 'stranger@else.example');
    const before = closed.mail.mails.length;
    // A later mail as a barrier: a mail to the stranger would have been handed over first.
    const allowed = await askForLink(closed, 'guest@else.example');
    expect(refused.status).toBe(allowed.status);
    expect(await refused.json()).toEqual(await allowed.json());
    await closed.mail.waitFor('guest@else.example', before);
    expect(closed.mail.count('stranger@else.example')).toBe(0);
    // And the link that was never sent does not make an account when guessed at.
    const users = await closed.app.db.selectFrom('users').select('email').execute();
    expect(users.map((u) => u.email)).not.toContain('stranger@else.example');
  });

  it('logs the refusal', async () => {
    const lines: string[] = [];
    const sent: Mail[] = [];
    const users = new UserStore(closed.app.db);
    const service = new MagicLinkService({
      db: closed.app.db,
      users,
      mailer: {
        send(mail) {
          sent.push(mail);
          return Promise.resolve();
        },
        close() {},
      },
      rateLimit: new MagicLinkRateLimit(closed.app.config.rateLimits),
      signup: new SignupPolicy({
        settings: closed.app.config.signup,
        adminEmails: closed.app.config.adminEmails,
        isKnownUser: async (email) => (await users.findByEmail(email)) !== undefined,
      }),
      publicUrl: closed.app.config.publicUrl,
      audit: closed.app.audit,
      log: pino({}, { write: (line: string) => void lines.push(line) }),
    });
    await service.request('stranger@else.example', '192.0.2.5');
    expect(sent).toEqual([]);
    expect(lines.map((l) => JSON.parse(l) as Record<string, unknown>)).toEqual([
      expect.objectContaining({ level: 40, email: 'stranger@else.example', ip: '192.0.2.5' }),
    ]);
  });
});

describe('security headers', () => {
  const csp = (res: Answer | Response) =>
    String(
      res instanceof Response
        ? res.headers.get('content-security-policy')
        : res.headers['content-security-policy'],
    );

  it('gives the dashboard a nonce-based policy, fresh per answer, matching its scripts', async () => {
    const nonces: string[] = [];
    for (const path of ['/', '/login', '/auth/verify?token=x', '/']) {
      const page = await fetch(`${t.url}${path}`);
      expect(page.status).toBe(200);
      const policy = csp(page);
      const nonce = /script-src 'nonce-([A-Za-z0-9+/=]+)'(;|$)/.exec(policy)?.[1];
      expect(nonce, policy).toBeDefined();
      // No 'self' for scripts: in path mode every app shares the origin.
      expect(policy).not.toMatch(/script-src[^;]*'self'/);
      expect(policy).toContain("frame-ancestors 'none'");
      expect(policy).toContain("object-src 'none'");
      expect(policy).not.toContain('upgrade-insecure-requests');
      const html = await page.text();
      expect(html).toContain(`<script nonce="${nonce}" type="module"`);
      expect(html).toContain(`<link nonce="${nonce}" rel="modulepreload"`);
      expect(html).toContain(`<meta property="csp-nonce" nonce="${nonce}" />`);
      expect(page.headers.get('x-content-type-options')).toBe('nosniff');
      expect(page.headers.get('x-frame-options')).toBe('DENY');
      expect(page.headers.get('referrer-policy')).toBe('no-referrer');
      expect(page.headers.get('strict-transport-security')).toBeNull();
      nonces.push(nonce!);
    }
    expect(new Set(nonces).size).toBe(nonces.length);
  });

  it('lets API answers and assets load nothing, and no one frame them', async () => {
    for (const path of ['/api/auth/me', '/api/openapi.json', '/assets/index-abc.js', '/nothing']) {
      const res = await fetch(`${t.url}${path}`);
      expect(csp(res), path).toContain("default-src 'none'");
      expect(csp(res), path).toContain("frame-ancestors 'none'");
      expect(res.headers.get('x-content-type-options'), path).toBe('nosniff');
    }
  });

  it('serves the API reference under its own policy', async () => {
    const page = await fetch(`${t.url}/api/docs/`);
    expect(page.status).toBe(200);
    expect(csp(page)).toBe(API_REFERENCE_CSP);
    const script = await fetch(`${t.url}/api/docs/static/swagger-initializer.js`);
    expect(script.status).toBe(200);
    expect(csp(script)).toBe(API_REFERENCE_CSP);
  });

  it('leaves the headers of users’ apps to the apps', async () => {
    const bob = await t.signIn(`${t.tag}bob@example.com`);
    expect((await bob.fetch('/api/container/launch/dev', { method: 'POST' })).status).toBe(200);
    const res = await raw(t.url, `/${bob.user.slug}-dev/respond?x-app=1`, {
      headers: { cookie: bob.cookie },
    });
    expect(res.status).toBe(200);
    expect(res.headers['x-app']).toBe('1');
    for (const name of [
      'content-security-policy',
      'x-frame-options',
      'x-content-type-options',
      'strict-transport-security',
      'cross-origin-opener-policy',
    ]) {
      expect(res.headers[name], name).toBeUndefined();
    }
  });

  it('adds HSTS, and upgrades insecure requests, when PUBLIC_URL is https', async () => {
    const secure = await startTestApp({ PUBLIC_URL: 'https://spawner.test', WEB_DIST: webDist });
    try {
      const page = await fetch(`${secure.url}/`);
      expect(page.headers.get('strict-transport-security')).toBe('max-age=31536000');
      expect(csp(page)).toContain('upgrade-insecure-requests');
      const api = await fetch(`${secure.url}/api/auth/me`);
      expect(api.headers.get('strict-transport-security')).toBe('max-age=31536000');
    } finally {
      await secure.close();
    }
  });
});
