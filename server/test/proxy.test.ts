import { request as httpRequest } from 'node:http';
import { eventually } from '../src/testing/eventually.js';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { appState, stopByHand } from './helpers/engine.js';
import { startTestApp, type SignedIn, type TestApp } from './helpers/testApp.js';

/** Starting on request may take a while on a loaded machine. */
const waitFor = (check: () => boolean | Promise<boolean>) => eventually(check, 30_000);

interface Echo {
  method: string;
  url: string;
  headers: Record<string, string>;
  bytes: number;
  env: Record<string, string | null>;
}

let t: TestApp;
let alice: SignedIn;
let bob: SignedIn;
let bobDev: SignedIn;
let admin: SignedIn;
let host: string;

beforeAll(async () => {
  t = await startTestApp({ ADMIN_EMAILS: 'placeholder@example.com' });
  host = new URL(t.url).host;
  alice = await t.signIn(`${t.tag}alice@example.com`);
  bob = await t.signIn(`${t.tag}bob@example.com`);
  // A user whose slug is another user's prefix plus "-dev": /{bob}-dev-prod is theirs, not bob's.
  bobDev = await t.signIn(`${t.tag}bob.dev@example.com`);
  admin = await t.signIn(`${t.tag}admin@example.com`);
  for (const [who, type] of [
    [alice, 'dev'],
    [bob, 'dev'],
    [bobDev, 'prod'],
  ] as const) {
    const res = await who.fetch(`/api/container/launch/${type}`, { method: 'POST' });
    expect(res.status).toBe(200);
  }
});
afterAll(() => t.close());

/** A request with the path sent exactly as written (fetch would normalise `..` and `//`). */
function raw(
  path: string,
  headers: Record<string, string> = {},
  method = 'GET',
): Promise<{
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}> {
  const { hostname, port } = new URL(t.url);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: hostname, port, path, method, headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

const bearer = (who: SignedIn) => ({ authorization: `Bearer ${who.token}` });

describe('proxying to the owner', () => {
  it('strips the prefix, keeps the query, and sets the forwarded headers', async () => {
    const res = await raw(`/${alice.user.slug}-dev/a/b?q=1`, {
      ...bearer(alice),
      cookie: `theme=dark; ${alice.cookie}`,
    });
    expect(res.status).toBe(200);
    const echo = JSON.parse(res.body) as Echo;
    expect(echo.url).toBe('/a/b?q=1');
    expect(echo.env.USER_SLUG).toBe(alice.user.slug);
    expect(echo.headers['x-forwarded-prefix']).toBe(`/${alice.user.slug}-dev`);
    expect(echo.headers['x-forwarded-proto']).toBe('http');
    expect(echo.headers['x-forwarded-host']).toBe(host);
    expect(echo.headers['x-forwarded-for']).toMatch(/127\.0\.0\.1/);
    expect(echo.headers.authorization).toBeUndefined();
    expect(echo.headers.cookie).toBe('theme=dark');
  });

  it('removes the session cookie before forwarding', async () => {
    const res = await raw(`/${alice.user.slug}-dev/`, { cookie: alice.cookie });
    expect(res.status).toBe(200);
    expect((JSON.parse(res.body) as Echo).headers.cookie).toBeUndefined();
  });

  it('redirects the bare prefix to the prefix with a slash, keeping the query', async () => {
    const res = await raw(`/${alice.user.slug}-dev?x=1`, bearer(alice));
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe(`/${alice.user.slug}-dev/?x=1`);
  });

  it('keeps app redirects under the prefix', async () => {
    const res = await raw(`/${alice.user.slug}-dev/redirect`, bearer(alice));
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe(`/${alice.user.slug}-dev/target`);
  });

  it('streams uploads and server-sent events without buffering', async () => {
    const size = 5 * 1024 * 1024;
    const upload = await alice.fetch(`/${alice.user.slug}-dev/upload`, {
      method: 'POST',
      body: new Uint8Array(size),
    });
    expect(((await upload.json()) as Echo).bytes).toBe(size);

    const stream = await alice.fetch(`/${alice.user.slug}-dev/stream`);
    const reader = stream.body!.getReader();
    const first = await reader.read();
    // The app sends 50 events 100 ms apart; the first must arrive while the rest are still coming.
    expect(new TextDecoder().decode(first.value as Uint8Array)).toContain('data: 0');
    expect(first.done).toBe(false);
    await reader.cancel();
  });

  it('passes WebSockets through for the owner only', async () => {
    const url = `ws://${host}/${alice.user.slug}-dev/socket`;
    const ws = new WebSocket(url, { headers: bearer(alice) });
    const messages: string[] = [];
    await new Promise<void>((resolve, reject) => {
      ws.on('message', (data: Buffer) => {
        messages.push(data.toString());
        if (messages.length === 1) ws.send('ping');
        if (messages.length === 2) resolve();
      });
      ws.on('error', reject);
    });
    ws.close();
    expect(JSON.parse(messages[0]!)).toEqual({ hello: '/socket' });
    expect(messages[1]).toBe('ping');

    for (const [who, status] of [
      [undefined, 401],
      [bob, 403],
    ] as const) {
      const denied = new WebSocket(url, { headers: who ? bearer(who) : {} });
      const code = await new Promise<number>((resolve) => {
        denied.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
        denied.on('error', () => resolve(-1));
      });
      expect(code).toBe(status);
    }
  });

  it('records use in last_used at the next flush', async () => {
    const before = await t.app.db
      .selectFrom('user_containers')
      .select('last_used')
      .where('user_id', '=', alice.user.id)
      .executeTakeFirstOrThrow();
    await new Promise((r) => setTimeout(r, 10));
    await raw(`/${alice.user.slug}-dev/`, bearer(alice));
    await t.app.tracker.flush();
    const after = await t.app.db
      .selectFrom('user_containers')
      .select('last_used')
      .where('user_id', '=', alice.user.id)
      .executeTakeFirstOrThrow();
    expect(after.last_used! > before.last_used!).toBe(true);
  });
});

describe('keeping strangers out', () => {
  it('sends a signed-out browser to the sign-in page and an API client a 401', async () => {
    const browser = await raw(`/${alice.user.slug}-dev/x?y=1`, { accept: 'text/html' });
    expect(browser.status).toBe(302);
    expect(browser.headers.location).toBe(
      `/login?next=${encodeURIComponent(`/${alice.user.slug}-dev/x?y=1`)}`,
    );
    const api = await raw(`/${alice.user.slug}-dev/x`);
    expect(api.status).toBe(401);
    expect(JSON.parse(api.body)).toMatchObject({ error: 'unauthenticated' });
  });

  it('answers 403 to another signed-in user and to an administrator', async () => {
    expect((await raw(`/${alice.user.slug}-dev/`, bearer(bob))).status).toBe(403);
    const adminApp = await startTestApp({ ADMIN_EMAILS: `${t.tag}admin@example.com` });
    try {
      const theAdmin = await adminApp.signIn(`${t.tag}admin@example.com`);
      expect(
        ((await (await theAdmin.fetch('/api/auth/me')).json()) as { user: { is_admin: boolean } })
          .user.is_admin,
      ).toBe(true);
      const aliceThere = await adminApp.signIn(`${t.tag}alice2@example.com`);
      expect((await aliceThere.fetch(`/api/container/launch/dev`, { method: 'POST' })).status).toBe(
        200,
      );
      expect((await raw2(adminApp, `/${aliceThere.user.slug}-dev/`, bearer(theAdmin))).status).toBe(
        403,
      );
    } finally {
      await adminApp.close();
    }
    expect((await raw(`/${alice.user.slug}-dev/`, bearer(admin))).status).toBe(403);
  });

  it('does not let a prefix of another prefix reach the wrong container', async () => {
    const prodOfBobDev = `/${bob.user.slug}-dev-prod/`;
    expect((await raw(prodOfBobDev, bearer(bob))).status).toBe(403);
    const theirs = await raw(prodOfBobDev, bearer(bobDev));
    expect(theirs.status).toBe(200);
    expect((JSON.parse(theirs.body) as Echo).env).toMatchObject({
      USER_SLUG: bobDev.user.slug,
      CONTAINER_TYPE: 'prod',
    });
    expect((await raw(`/${bob.user.slug}-devx/`, bearer(bob))).status).toBe(404);
  });

  it.each([
    (a: string, b: string) => `/${a}-dev/../${b}-dev/`,
    (a: string, b: string) => `/${a}-dev/%2e%2e/${b}-dev/`,
    (a: string, b: string) => `/${a}-dev/..%2f${b}-dev/`,
  ])("keeps dot-segments inside the caller's own container (%#)", async (path) => {
    const res = await raw(path(alice.user.slug, bob.user.slug), bearer(alice));
    expect(res.status).toBe(200);
    expect((JSON.parse(res.body) as Echo).env.USER_SLUG).toBe(alice.user.slug);
  });

  it.each([
    (_a: string, b: string) => `/%2e%2e/${b}-dev/`,
    (a: string, b: string) => `/${a}-dev%2f..%2f${b}-dev/`,
    (_a: string, b: string) => `//${b}-dev/`,
    (_a: string, b: string) => `/./${b}-dev/`,
  ])('never routes an encoded or doubled path to another user (%#)', async (path) => {
    const res = await raw(path(alice.user.slug, bob.user.slug), bearer(alice));
    expect([403, 404]).toContain(res.status);
    expect(res.body).not.toContain('"env"');
  });

  it('refuses overlong paths', async () => {
    const res = await raw(`/${alice.user.slug}-dev/${'a'.repeat(20_000)}`, bearer(alice)).catch(
      () => ({ status: 431 }),
    );
    expect(res.status).toBeGreaterThanOrEqual(400);
  });

  it('refuses requests with both Content-Length and Transfer-Encoding (no smuggling)', async () => {
    const { hostname, port } = new URL(t.url);
    const smuggled =
      `POST /${alice.user.slug}-dev/ HTTP/1.1\r\nHost: ${host}\r\nAuthorization: Bearer ${alice.token}\r\n` +
      `Content-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n` +
      `GET /${bob.user.slug}-dev/ HTTP/1.1\r\nHost: ${host}\r\nAuthorization: Bearer ${alice.token}\r\n\r\n`;
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = connect(Number(port), hostname, () => socket.end(smuggled));
      let data = '';
      socket.on('data', (c: Buffer) => (data += c.toString()));
      socket.on('close', () => resolve(data));
      socket.on('error', reject);
    });
    expect(answer.startsWith('HTTP/1.1 400')).toBe(true);
    expect(answer).not.toContain('HTTP/1.1 200');
    expect(answer).not.toContain(bob.user.slug);
  });
});

describe('start on request', () => {
  it('starts a stopped container: a browser gets the starting page, an API client 503 then the app', async () => {
    const { container_id: id } = await t.app.db
      .selectFrom('user_containers')
      .select('container_id')
      .where('user_id', '=', alice.user.id)
      .executeTakeFirstOrThrow();
    await stopByHand(id!);
    await waitFor(() => t.app.index.get(alice.user, 'dev')?.endpoint === undefined);

    const page = await raw(`/${alice.user.slug}-dev/`, { ...bearer(alice), accept: 'text/html' });
    expect(page.status).toBe(200);
    expect(page.body).toContain('Starting your Development Container');

    const api = await raw(`/${alice.user.slug}-dev/`, bearer(alice));
    expect(api.status).toBe(503);
    expect(api.headers['retry-after']).toBe('5');

    await waitFor(
      async () => (await raw(`/${alice.user.slug}-dev/`, bearer(alice))).status === 200,
    );
    expect((await appState(id!)).running).toBe(true);
  });

  it('creates a container that does not exist yet', async () => {
    const res = await raw(`/${bob.user.slug}-prod/`, bearer(bob));
    expect(res.status).toBe(503);
    await waitFor(async () => (await raw(`/${bob.user.slug}-prod/`, bearer(bob))).status === 200);
  });

  it('answers 502 when the container does not answer', async () => {
    const container = t.app.index.get(alice.user, 'dev')!;
    const endpoint = container.endpoint;
    container.endpoint = { host: '127.0.0.1', port: 1 };
    const res = await raw(`/${alice.user.slug}-dev/`, bearer(alice));
    expect(res.status).toBe(502);
    expect(JSON.parse(res.body)).toMatchObject({ error: 'bad_gateway' });
    container.endpoint = endpoint;
  });
});

describe('forward auth for Traefik', () => {
  const forward = (uri: string, headers: Record<string, string> = {}) =>
    raw('/api/auth/forward', {
      'x-forwarded-host': t.app.config.publicUrl.host,
      'x-forwarded-uri': uri,
      'x-forwarded-method': 'GET',
      ...headers,
    });

  it('admits the owner and passes on only their other cookies', async () => {
    const res = await forward(`/${alice.user.slug}-dev/x`, { cookie: `a=1; ${alice.cookie}` });
    expect(res.status).toBe(200);
    expect(res.headers.cookie).toBe('a=1');
  });

  it('answers 401 (or a sign-in redirect for browsers) to nobody and 403 to others', async () => {
    expect((await forward(`/${alice.user.slug}-dev/`)).status).toBe(401);
    const browser = await forward(`/${alice.user.slug}-dev/`, { accept: 'text/html' });
    expect(browser.status).toBe(302);
    expect(browser.headers.location).toContain('/login?next=');
    expect((await forward(`/${alice.user.slug}-dev/`, bearer(bob))).status).toBe(403);
    expect((await forward(`/${bob.user.slug}-dev-prod/`, bearer(bob))).status).toBe(403);
    expect(
      (
        await forward(`/${alice.user.slug}-dev/`, {
          ...bearer(alice),
          'x-forwarded-host': 'other.example',
        })
      ).status,
    ).toBe(403);
  });
});

function raw2(app: TestApp, path: string, headers: Record<string, string>) {
  return fetch(`${app.url}${path}`, { headers });
}
