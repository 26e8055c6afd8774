import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createApp, type App } from '../src/app.js';
import { containerName } from '../src/containers/identity.js';
import { createLogger } from '../src/logging.js';
import { appConfig, TEST_RUNTIME } from './helpers/engine.js';
import { tokenFromMail } from './helpers/smtp.js';
import { startTestApp, type SignedIn, type TestApp } from './helpers/testApp.js';

/**
 * Subdomain mode over real sockets and the real engine: requests name the app by their Host
 * header (`{slug}-{type}.apps.test`), as a browser would with a wildcard DNS name.
 */

const APPS_DOMAIN = 'apps.test';
const PUBLIC_URL = 'http://spawner.test';

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

interface Echo {
  url: string;
  headers: Record<string, string>;
  env: Record<string, string | null>;
}

let t: TestApp;
let alice: SignedIn;
let eve: SignedIn;

beforeAll(async () => {
  t = await startTestApp({
    ROUTING: 'subdomain',
    APPS_DOMAIN,
    PUBLIC_URL,
    // Forward auth believes X-Forwarded-Host from loopback only: the test is its Traefik.
    TRUST_PROXY: '127.0.0.1',
  });
  alice = await t.signIn();
  eve = await t.signIn();
  const res = await alice.fetch('/api/container/launch/dev', { method: 'POST' });
  expect(res.status).toBe(200);
});
afterAll(() => t.close());

/** A request to spawner's port with any Host header (fetch would not let us set it). */
function send(
  host: string,
  path: string,
  headers: Record<string, string> = {},
  method = 'GET',
): Promise<Answer> {
  const { hostname, port } = new URL(t.url);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: hostname, port, path, method, headers: { host, ...headers } },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

const appHost = (who: SignedIn, type = 'dev') => `${who.user.slug}-${type}.${APPS_DOMAIN}`;
const browser = { accept: 'text/html' };
const sessionCookie = (who: SignedIn) => who.cookie;
const location = (answer: Answer) =>
  new URL(String(answer.headers.location), 'http://relative.invalid');

/** The dashboard's end: the signed-in owner gets a one-time code for the app host. */
async function codeFor(who: SignedIn, app: string, next = '/'): Promise<URL> {
  const query = new URLSearchParams({ app, next });
  const answer = await send('spawner.test', `/api/auth/app-handshake?${query.toString()}`, {
    ...browser,
    cookie: sessionCookie(who),
  });
  expect(answer.status).toBe(302);
  return location(answer);
}

/** The whole handshake: the app cookie (`spawner_app=…`) for the owner's app host. */
async function appCookieFor(who: SignedIn, type = 'dev'): Promise<string> {
  const finish = await codeFor(who, `${who.user.slug}-${type}`);
  const answer = await send(finish.host, finish.pathname + finish.search, browser);
  expect(answer.status).toBe(302);
  const setCookie = String(answer.headers['set-cookie']);
  return setCookie.split(';')[0]!;
}

describe('subdomain mode', () => {
  it('lists and launches each app at its own host, served at / with an empty BASE_PATH', async () => {
    const list = (await (await alice.fetch('/api/user/containers')).json()) as {
      containers: { type: string; service_url: string }[];
    };
    expect(list.containers.map((c) => c.service_url)).toEqual([
      `http://${appHost(alice)}/`,
      `http://${appHost(alice, 'prod')}/`,
    ]);
    const { labels, env } = await appConfig(containerName(alice.user, 'dev'));
    const router = `user${alice.user.id}-dev`;
    expect(labels[`traefik.http.routers.${router}.rule`]).toBe(`Host(\`${appHost(alice)}\`)`);
    // Traefik names the middleware after the provider that reads the labels.
    expect(labels[`traefik.http.routers.${router}.middlewares`]).toBe(
      `spawner-auth@${TEST_RUNTIME}`,
    );
    expect(labels['spawner.routing']).toBe('subdomain');
    expect(env).toContain('BASE_PATH=');
  });

  it('keeps the session cookie host-only: no Domain, so browsers never send it to app hosts', async () => {
    const email = t.email('cookie');
    const before = t.mail.mails.length;
    await fetch(`${t.url}/api/auth/magic-link`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email }),
    });
    const token = tokenFromMail(await t.mail.waitFor(email, before));
    const verify = await fetch(`${t.url}/api/auth/verify`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token }),
    });
    const setCookie = verify.headers.get('set-cookie') ?? '';
    expect(setCookie).toMatch(/^spawner_session=/);
    expect(setCookie).not.toMatch(/domain=/i);
  });

  it('sends a browser without an app cookie to the dashboard, and back with its own cookie', async () => {
    const first = await send(appHost(alice), '/page?q=1', browser);
    expect(first.status).toBe(302);
    const start = location(first);
    expect(start.origin + start.pathname).toBe(`${PUBLIC_URL}/api/auth/app-handshake`);
    expect(start.searchParams.get('app')).toBe(`${alice.user.slug}-dev`);
    expect(start.searchParams.get('next')).toBe('/page?q=1');

    const toApp = await send('spawner.test', start.pathname + start.search, {
      ...browser,
      cookie: sessionCookie(alice),
    });
    expect(toApp.status).toBe(302);
    const finish = location(toApp);
    expect(finish.origin).toBe(`http://${appHost(alice)}`);
    expect(finish.pathname).toBe('/_spawner/handshake');

    const done = await send(finish.host, finish.pathname + finish.search, browser);
    expect(done.status).toBe(302);
    expect(done.headers.location).toBe('/page?q=1');
    const setCookie = String(done.headers['set-cookie']);
    expect(setCookie).toMatch(/^spawner_app=[A-Za-z0-9_-]{43};/);
    expect(setCookie).toMatch(/; HttpOnly/i);
    expect(setCookie).toMatch(/; SameSite=Lax/i);
    expect(setCookie).toMatch(/; Path=\//);
    expect(setCookie).not.toMatch(/domain=/i);

    const app = await send(appHost(alice), '/page?q=1', {
      ...browser,
      cookie: `${setCookie.split(';')[0]}; theirs=1; ${sessionCookie(alice)}`,
    });
    expect(app.status).toBe(200);
    const echo = JSON.parse(app.body) as Echo;
    expect(echo.url).toBe('/page?q=1');
    // Neither of spawner's cookies reaches the app; the app's own does.
    expect(echo.headers.cookie).toBe('theirs=1');
    expect(echo.env.BASE_PATH).toBe('');
  });

  it('uses a code once, and never after it expired or on another app host', async () => {
    const finish = await codeFor(alice, `${alice.user.slug}-dev`, '/x');
    const path = finish.pathname + finish.search;
    expect((await send(finish.host, path, browser)).headers['set-cookie']).toBeDefined();
    const again = await send(finish.host, path, browser);
    expect(again.status).toBe(302);
    expect(again.headers['set-cookie']).toBeUndefined();
    // A used code starts the handshake over rather than failing for good.
    expect(location(again).pathname).toBe('/api/auth/app-handshake');

    const other = await codeFor(alice, `${alice.user.slug}-dev`);
    const elsewhere = await send(appHost(alice, 'prod'), other.pathname + other.search, browser);
    expect(elsewhere.headers['set-cookie']).toBeUndefined();

    const late = await codeFor(alice, `${alice.user.slug}-dev`);
    await t.app.db
      .updateTable('app_handshake_codes')
      .set({ expires_at: new Date(Date.now() - 1000).toISOString() })
      .execute();
    const expired = await send(late.host, late.pathname + late.search, browser);
    expect(expired.headers['set-cookie']).toBeUndefined();
  });

  it("opens only its own host with an app cookie; another person's app stays closed", async () => {
    const cookie = await appCookieFor(alice);
    expect((await send(appHost(alice), '/', { cookie })).status).toBe(200);
    // The same user's other app: a cookie of one app host is not good for another.
    expect((await send(appHost(alice, 'prod'), '/', { cookie })).status).toBe(403);
    // Eve's own session asks the dashboard for Alice's app: not hers.
    const query = new URLSearchParams({ app: `${alice.user.slug}-dev`, next: '/' });
    const denied = await send('spawner.test', `/api/auth/app-handshake?${query.toString()}`, {
      cookie: sessionCookie(eve),
    });
    expect(denied.status).toBe(403);
    // Eve's bearer token on Alice's host.
    expect((await send(appHost(alice), '/', { authorization: `Bearer ${eve.token}` })).status).toBe(
      403,
    );
    // The dashboard's cookie counts for nothing on an app host.
    expect((await send(appHost(alice), '/', { cookie: sessionCookie(alice) })).status).toBe(401);
    // Signed out, the handshake asks to sign in first and comes back to itself.
    const signedOut = await send(
      'spawner.test',
      `/api/auth/app-handshake?${query.toString()}`,
      browser,
    );
    expect(signedOut.status).toBe(302);
    expect(location(signedOut).pathname).toBe('/login');
    expect(location(signedOut).searchParams.get('next')).toBe(
      `/api/auth/app-handshake?${query.toString()}`,
    );
  });

  it('passes WebSockets on the app host with its app cookie, and refuses them without', async () => {
    const cookie = await appCookieFor(alice);
    const { port } = new URL(t.url);
    const ws = new WebSocket(`ws://127.0.0.1:${port}/socket`, {
      headers: { host: appHost(alice), cookie, origin: `http://${appHost(alice)}` },
    });
    const reply = await new Promise<string>((resolve, reject) => {
      ws.once('open', () => ws.send('hello'));
      ws.once('message', (data: Buffer) => resolve(data.toString()));
      ws.once('error', reject);
    });
    ws.close();
    expect(reply).toContain('hello');
    const refused = new WebSocket(`ws://127.0.0.1:${port}/socket`, {
      headers: { host: appHost(alice), origin: `http://${appHost(alice)}` },
    });
    const status = await new Promise<number>((resolve) => {
      refused.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      refused.once('open', () => resolve(101));
    });
    expect(status).toBe(401);
  });

  it('answers Traefik: app cookie by X-Forwarded-Host, the handshake, and the way to it', async () => {
    const cookie = await appCookieFor(alice);
    const forwarded = { 'x-forwarded-host': appHost(alice), 'x-forwarded-uri': '/a?b=1' };
    const ok = await send('spawner.test', '/api/auth/forward', {
      ...forwarded,
      cookie: `${cookie}; theirs=2`,
    });
    expect(ok.status).toBe(200);
    expect(ok.headers.cookie).toBe('theirs=2');

    const away = await send('spawner.test', '/api/auth/forward', { ...forwarded, ...browser });
    expect(away.status).toBe(302);
    expect(location(away).pathname).toBe('/api/auth/app-handshake');

    const finish = await codeFor(alice, `${alice.user.slug}-dev`, '/a');
    const handshake = await send('spawner.test', '/api/auth/forward', {
      'x-forwarded-host': finish.host,
      'x-forwarded-uri': finish.pathname + finish.search,
    });
    expect(handshake.status).toBe(302);
    expect(handshake.headers.location).toBe('/a');
    expect(String(handshake.headers['set-cookie'])).toMatch(/^spawner_app=/);
  });

  it('ends app cookies when the dashboard session signs out', async () => {
    const who = await t.signIn();
    const launched = await who.fetch('/api/container/launch/dev', { method: 'POST' });
    expect(launched.status).toBe(200);
    const cookie = await appCookieFor(who);
    expect((await send(appHost(who), '/', { cookie })).status).toBe(200);
    const out = await fetch(`${t.url}/api/auth/logout`, {
      method: 'POST',
      headers: { cookie: who.cookie },
    });
    expect(out.status).toBe(200);
    expect((await send(appHost(who), '/', { cookie })).status).toBe(401);
  });

  it('sends a path-mode address to the app host, and answers 404 for hosts that name no app', async () => {
    const moved = await send('spawner.test', `/${alice.user.slug}-dev/a?b=1`);
    expect(moved.status).toBe(302);
    expect(moved.headers.location).toBe(`http://${appHost(alice)}/a?b=1`);
    expect((await send(`nobody.${APPS_DOMAIN}`, '/')).status).toBe(404);
  });
});

describe('changing ROUTING', () => {
  let pathApp: TestApp;
  let subdomainApp: App | undefined;
  beforeAll(async () => (pathApp = await startTestApp({ PUBLIC_URL })));
  afterAll(async () => {
    await subdomainApp?.close();
    await pathApp.close();
  });

  it('recreates the container at its next launch, for the new mode, with its data kept', async () => {
    const who = await pathApp.signIn();
    const first = await who.fetch('/api/container/launch/dev', { method: 'POST' });
    const { container_id: pathId } = (await first.json()) as { container_id: string };
    const saved = await who.fetch(`/${who.user.slug}-dev/files/note`, {
      method: 'PUT',
      body: 'kept',
    });
    expect(saved.status).toBeLessThan(300);

    // The same store and engine, started again in subdomain mode.
    subdomainApp = await createApp(
      { ...pathApp.app.config, routing: { mode: 'subdomain', appsDomain: APPS_DOMAIN } },
      createLogger('silent'),
    );
    const entry = (await subdomainApp.list.of(who.user)).find((c) => c.type === 'dev')!;
    expect(entry).toMatchObject({ update_available: true, container_id: pathId });
    expect(entry.service_url).toBe(`http://${who.user.slug}-dev.${APPS_DOMAIN}/`);

    const again = await subdomainApp.containers.launch(who.user, 'dev');
    expect(again.containerId).not.toBe(pathId);
    const { labels, env } = await appConfig(again.containerId);
    expect(labels['spawner.routing']).toBe('subdomain');
    expect(env).toContain('BASE_PATH=');
    const { host, port } = again.endpoint;
    const note = await fetch(`http://${host}:${port}/files/note`);
    expect(await note.text()).toBe('kept');
  });
});
