import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { eventually } from '../src/testing/eventually.js';
import { startTestApp, type SignedIn, type TestApp } from './helpers/testApp.js';

/**
 * Attacks a hostile page or app could try through the built-in proxy in path mode, replayed
 * against a real spawner and a real container: each must fail.
 */

interface Echo {
  method: string;
  url: string;
  headers: Record<string, string | undefined>;
}

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

let t: TestApp;
let alice: SignedIn;
let prefix: string;
/** The app's own origin, PUBLIC_URL's in path mode: what its pages send as Origin. */
let appOrigin: string;

beforeAll(async () => {
  // A proxy is trusted, but not on loopback: the tests' own requests come from an untrusted peer.
  t = await startTestApp({ TRUST_PROXY: '10.0.0.0/8' });
  alice = await t.signIn();
  prefix = `/${alice.user.slug}-dev`;
  appOrigin = t.app.config.publicUrl.origin;
  const res = await alice.fetch('/api/container/launch/dev', { method: 'POST' });
  expect(res.status).toBe(200);
});
afterAll(() => t.close());

/** A request sent as written: headers exactly as given (fetch adds and forbids some). */
function raw(base: string, path: string, headers: Record<string, string>, method = 'GET') {
  const { hostname, port } = new URL(base);
  return new Promise<Answer>((resolve, reject) => {
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

const send = (path: string, headers: Record<string, string>, method = 'GET') =>
  raw(t.url, path, headers, method);

type Handshake =
  | { status: 101; headers: IncomingHttpHeaders; hello: Record<string, unknown> }
  | { status: number; headers: IncomingHttpHeaders; body: string };

/** Opens a WebSocket and reports the handshake's answer (and the app's first message when it opened). */
function handshake(base: string, path: string, headers: Record<string, string>) {
  return new Promise<Handshake>((resolve, reject) => {
    const ws = new WebSocket(`${base.replace('http', 'ws')}${path}`, { headers });
    let answer: IncomingHttpHeaders = {};
    ws.on('upgrade', (res) => (answer = res.headers));
    ws.once('message', (data: Buffer) => {
      resolve({
        status: 101,
        headers: answer,
        hello: JSON.parse(data.toString()) as Record<string, unknown>,
      });
      ws.close();
    });
    ws.on('unexpected-response', (_req, res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    ws.on('error', reject);
  });
}

describe('origin checks on requests that carry the owner’s cookie', () => {
  it('refuses a WebSocket upgrade from another origin and opens one from the app’s own', async () => {
    const evil = await handshake(t.url, `${prefix}/socket`, {
      cookie: alice.cookie,
      origin: 'https://evil.example',
    });
    expect(evil.status).toBe(403);
    expect('body' in evil && JSON.parse(evil.body)).toMatchObject({ error: 'forbidden' });

    // Same site but another origin: what SameSite=Lax lets through.
    const sibling = await handshake(t.url, `${prefix}/socket`, {
      cookie: alice.cookie,
      origin: 'http://localhost:1',
      'sec-fetch-site': 'same-site',
    });
    expect(sibling.status).toBe(403);

    const noOrigin = await handshake(t.url, `${prefix}/socket`, { cookie: alice.cookie });
    expect(noOrigin.status).toBe(403);

    const own = await handshake(t.url, `${prefix}/socket`, {
      cookie: alice.cookie,
      origin: appOrigin,
    });
    expect(own.status).toBe(101);
    const fetchMetadata = await handshake(t.url, `${prefix}/socket`, {
      cookie: alice.cookie,
      'sec-fetch-site': 'same-origin',
    });
    expect(fetchMetadata.status).toBe(101);
  });

  it('lets a bearer client open a WebSocket from anywhere (no cookie a browser adds by itself)', async () => {
    const res = await handshake(t.url, `${prefix}/socket`, {
      authorization: `Bearer ${alice.token}`,
      origin: 'https://evil.example',
    });
    expect(res.status).toBe(101);
  });

  it('refuses an unsafe request from another origin, and never forwards it', async () => {
    for (const method of ['POST', 'PUT', 'DELETE', 'PATCH']) {
      const res = await send(
        `${prefix}/log/csrf-${method}`,
        { cookie: alice.cookie, origin: 'https://evil.example' },
        method,
      );
      expect(res.status, method).toBe(403);
      expect(JSON.parse(res.body)).toMatchObject({ error: 'forbidden' });
    }
    const noOrigin = await send(`${prefix}/log/csrf-none`, { cookie: alice.cookie }, 'POST');
    expect(noOrigin.status).toBe(403);
    // The app's own page gets through, and the app's log shows which requests reached it.
    const own = await send(
      `${prefix}/log/own-page`,
      { cookie: alice.cookie, origin: appOrigin },
      'POST',
    );
    expect(own.status).toBe(200);
    // It came last: once its line is there, any refused one that had got through would be too.
    let text = '';
    await eventually(async () => {
      text = await (await alice.fetch('/api/container/dev/logs?tail=200')).text();
      return text.includes('requested /log/own-page');
    });
    expect(text).not.toContain('csrf-');
  });

  it('passes unsafe requests from the app’s own pages and from bearer clients', async () => {
    for (const headers of [
      { cookie: alice.cookie, origin: appOrigin } as Record<string, string>,
      { cookie: alice.cookie, 'sec-fetch-site': 'same-origin' },
      { authorization: `Bearer ${alice.token}`, origin: 'https://evil.example' },
    ]) {
      const res = await send(`${prefix}/submit`, headers, 'POST');
      expect(res.status).toBe(200);
      expect((JSON.parse(res.body) as Echo).method).toBe('POST');
    }
  });

  it('lets a plain navigation in from anywhere (a link from another site opens the app)', async () => {
    const res = await send(`${prefix}/page`, {
      cookie: alice.cookie,
      origin: 'https://evil.example',
      'sec-fetch-site': 'cross-site',
    });
    expect(res.status).toBe(200);
  });
});

describe('origin checks under Traefik (forward auth)', () => {
  /** What Traefik's forwardAuth sends: the client's headers, and where the request went. */
  const check = (method: string, headers: Record<string, string>) =>
    send('/api/auth/forward', {
      'x-forwarded-host': t.app.config.publicUrl.host,
      'x-forwarded-uri': `${prefix}/socket`,
      'x-forwarded-method': method,
      cookie: alice.cookie,
      ...headers,
    });
  // Traefik drops the hop-by-hop Upgrade; the WebSocket key is what is left of a handshake.
  const handshakeKey = { 'sec-websocket-key': 'dGhlIHNhbXBsZSBub25jZQ==' };

  it('refuses foreign unsafe requests and handshakes, admits the app’s own', async () => {
    expect((await check('POST', { origin: 'https://evil.example' })).status).toBe(403);
    expect((await check('GET', { ...handshakeKey, origin: 'https://evil.example' })).status).toBe(
      403,
    );
    expect((await check('POST', { origin: appOrigin })).status).toBe(200);
    expect((await check('GET', { ...handshakeKey, origin: appOrigin })).status).toBe(200);
    expect((await check('GET', { origin: 'https://evil.example' })).status).toBe(200);
  });
});

describe('what an app’s answer may do to the browser', () => {
  const respond = (query: [string, string][]) =>
    `${prefix}/respond?${new URLSearchParams(query).toString()}`;

  it('confines its cookies to its prefix and never lets it set spawner’s', async () => {
    const res = await send(
      respond([
        ['set-cookie', 'a=1; Path=/'],
        ['set-cookie', 'spawner_session=planted; Path=/'],
        ['set-cookie', '__Host-spawner_session=planted; Path=/; Secure'],
        ['set-cookie', '=spawner_session=planted'],
        ['set-cookie', 'b=2; Domain=127.0.0.1; Path=/api'],
        ['set-cookie', 'c=3'],
      ]),
      { authorization: `Bearer ${alice.token}` },
    );
    expect(res.status).toBe(200);
    expect(res.headers['set-cookie']).toEqual([
      `a=1; Path=${prefix}/`,
      `b=2; Path=${prefix}/api`,
      'c=3',
    ]);
  });

  it('drops Service-Worker-Allowed, so a worker’s scope cannot leave the prefix', async () => {
    for (const value of ['/', `${prefix}/`, '/../api/', 'http://127.0.0.1/']) {
      const answer = await send(respond([['service-worker-allowed', value]]), {
        authorization: `Bearer ${alice.token}`,
      });
      expect(answer.status).toBe(200);
      expect(answer.headers).not.toHaveProperty('service-worker-allowed');
    }
  });

  it('applies the same rules to the WebSocket handshake’s answer', async () => {
    const res = await handshake(
      t.url,
      respond([
        ['set-cookie', 'ws=1; Path=/'],
        ['set-cookie', 'spawner_session=planted'],
      ]),
      { authorization: `Bearer ${alice.token}` },
    );
    expect(res.status).toBe(101);
    expect(res.headers['set-cookie']).toEqual([`ws=1; Path=${prefix}/`]);
  });
});

describe('headers that claim where a request came from', () => {
  const spoofed = {
    forwarded: 'for=203.0.113.7;proto=https;host=evil.example',
    'x-real-ip': '203.0.113.7',
    'x-forwarded-for': '203.0.113.7',
    'x-forwarded-host': 'evil.example',
    'x-forwarded-proto': 'https',
    'x-forwarded-port': '443',
    'x-forwarded-user': 'admin',
  };

  function expectSpawnersOwn(headers: Record<string, unknown>, host: string) {
    expect(headers).not.toHaveProperty('forwarded');
    expect(headers).not.toHaveProperty('x-real-ip');
    expect(headers).not.toHaveProperty('x-forwarded-user');
    expect(headers).toMatchObject({
      'x-forwarded-for': '127.0.0.1',
      'x-forwarded-host': host,
      'x-forwarded-proto': 'http',
      'x-forwarded-port': new URL(t.url).port,
      'x-forwarded-prefix': prefix,
    });
  }

  it('from a peer TRUST_PROXY does not name, never reach the container', async () => {
    const host = new URL(t.url).host;
    const res = await send(`${prefix}/who`, { ...spoofed, authorization: `Bearer ${alice.token}` });
    expectSpawnersOwn((JSON.parse(res.body) as Echo).headers, host);

    const ws = await handshake(t.url, `${prefix}/headers`, {
      ...spoofed,
      authorization: `Bearer ${alice.token}`,
    });
    expect(ws.status).toBe(101);
    expectSpawnersOwn(('hello' in ws ? ws.hello.headers : {}) as Record<string, unknown>, host);
  });

  it('from a trusted proxy are passed on, with the proxy’s own address added', async () => {
    const behindProxy = await startTestApp({ TRUST_PROXY: 'loopback' });
    try {
      const carol = await behindProxy.signIn();
      const launched = await carol.fetch('/api/container/launch/dev', { method: 'POST' });
      expect(launched.status).toBe(200);
      const res = await raw(behindProxy.url, `/${carol.user.slug}-dev/who`, {
        ...spoofed,
        authorization: `Bearer ${carol.token}`,
      });
      expect((JSON.parse(res.body) as Echo).headers).toMatchObject({
        forwarded: spoofed.forwarded,
        'x-real-ip': '203.0.113.7',
        'x-forwarded-for': '203.0.113.7,127.0.0.1',
        'x-forwarded-host': 'evil.example',
        'x-forwarded-proto': 'https,http',
      });
    } finally {
      await behindProxy.close();
    }
  });
});

describe('spawner’s credentials never reach the container, however they are spelt', () => {
  const token = () => alice.cookie.split('=')[1]!;

  it.each([
    ['a space before =', (v: string) => `spawner_session =${v}; app=1`],
    ['a space before the name', (v: string) => ` spawner_session=${v}; app=1`],
    ['tabs around =', (v: string) => `spawner_session\t=\t${v}; app=1`],
    ['twice', (v: string) => `spawner_session=${v}; app=1; spawner_session=${v}`],
    ['after the app’s', (v: string) => `app=1;spawner_session=${v}`],
    ['with an empty piece', (v: string) => `;;spawner_session=${v};app=1`],
  ])('%s: authenticates, and is stripped', async (_name, spell) => {
    const res = await send(`${prefix}/who`, { cookie: spell(token()) });
    expect(res.status).toBe(200);
    expect((JSON.parse(res.body) as Echo).headers.cookie).toBe('app=1');
  });

  it.each([
    ['quoted', (v: string) => `spawner_session="${v}"; app=1`],
    ['a second, other value', (v: string) => `spawner_session=${v}; app=1; spawner_session=other`],
    ['empty', () => 'spawner_session=; app=1'],
  ])('%s: stripped too, beside a bearer token', async (_name, spell) => {
    const res = await send(`${prefix}/who`, {
      authorization: `Bearer ${alice.token}`,
      cookie: spell(token()),
    });
    expect(res.status).toBe(200);
    const headers = (JSON.parse(res.body) as Echo).headers;
    expect(headers.cookie).toBe('app=1');
    expect(headers).not.toHaveProperty('authorization');
  });

  it('keeps every cookie of the app’s own as it was sent', async () => {
    const res = await send(`${prefix}/who`, {
      cookie: `theme=dark; spawner_session=${token()}; spawner_sessionx=kept; my_spawner_session=kept; theme=light`,
    });
    expect((JSON.parse(res.body) as Echo).headers.cookie).toBe(
      'theme=dark; spawner_sessionx=kept; my_spawner_session=kept; theme=light',
    );
  });
});
