import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test, type Page } from '@playwright/test';
import { currentSlug, newEmail, signIn, url } from './support/auth';

/**
 * Attacks of a hostile app (or page) on the origin it shares with the dashboard in path mode,
 * replayed in Chromium. The `echo` template's app answers `/respond?{header}={value}&body=...`
 * with exactly those headers and that body.
 */

/** A page on loopback, on a port of its own: another origin of spawner's site. */
async function servePage(
  host: string,
  html: string,
): Promise<{ url: string; close(): Promise<void> }> {
  const server = createServer((_req, res) =>
    res.writeHead(200, { 'content-type': 'text/html' }).end(html),
  );
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host}:${port}/`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A service worker that answers every request it controls itself: the takeover. */
const WORKER = `
self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));
self.addEventListener('fetch', (event) => {
  event.respondWith(new Response('<title>taken over</title>', { headers: { 'content-type': 'text/html' } }));
});
`;

function respond(prefix: string, headers: [string, string][], body = ''): string {
  return `${prefix}/respond?${new URLSearchParams([...headers, ['body', body]]).toString()}`;
}

/** Signs in, starts the echo app and returns its prefix, `/{slug}-echo`. */
async function hostileApp(page: Page, label: string): Promise<string> {
  await signIn(page, newEmail(label));
  const status = await page.evaluate(async () => {
    const res = await fetch('/api/container/launch/echo', { method: 'POST' });
    return res.status;
  });
  expect(status).toBe(200);
  return `/${await currentSlug(page)}-echo`;
}

test('an app’s service worker cannot take over the dashboard or the rest of the origin', async ({
  page,
}) => {
  const prefix = await hostileApp(page, 'sw');
  const worker = respond(
    prefix,
    [
      ['content-type', 'text/javascript'],
      ['service-worker-allowed', '/'],
    ],
    WORKER,
  );
  await page.goto(url(respond(prefix, [['content-type', 'text/html']], '<title>app</title>')));

  const attempts = await page.evaluate(async (script) => {
    const attempt = (scope?: string) =>
      navigator.serviceWorker.register(script, scope ? { scope } : {}).then(
        (registration) => `registered ${new URL(registration.scope).pathname}`,
        (err: Error) => `refused ${err.name}`,
      );
    return {
      root: await attempt('/'),
      api: await attempt('/api/auth/'),
      own: await attempt(),
    };
  }, worker);
  expect(attempts.root).toBe('refused SecurityError');
  expect(attempts.api).toBe('refused SecurityError');
  // Inside its own prefix the worker registers and works: the confinement is what stops it.
  expect(attempts.own).toBe(`registered ${prefix}/`);
  await page.evaluate(() => navigator.serviceWorker.ready);
  await page.goto(url(`${prefix}/anything`));
  await expect(page).toHaveTitle('taken over');

  await page.goto(url('/'));
  await expect(page.getByTestId('container-grid')).toBeVisible();
  expect(await page.evaluate(() => navigator.serviceWorker.controller)).toBeNull();
  const scopes = await page.evaluate(async () =>
    (await navigator.serviceWorker.getRegistrations()).map((r) => new URL(r.scope).pathname),
  );
  expect(scopes).toEqual([`${prefix}/`]);
});

test('an app’s cookies stay under its prefix and cannot replace the session', async ({
  page,
  context,
}) => {
  const prefix = await hostileApp(page, 'cookie');
  const session = (await context.cookies()).find((c) => c.name === 'spawner_session');
  expect(session).toBeDefined();
  await page.goto(
    url(
      respond(prefix, [
        ['set-cookie', 'planted=1; Path=/'],
        ['set-cookie', 'spawner_session=planted; Path=/'],
        ['set-cookie', 'spawner_session=planted; Path=/api'],
      ]),
    ),
  );
  const cookies = await context.cookies();
  expect(cookies.filter((c) => c.name === 'spawner_session')).toEqual([session]);
  expect(cookies.find((c) => c.name === 'planted')?.path).toBe(`${prefix}/`);

  await page.goto(url('/'));
  await expect(page.getByTestId('container-grid')).toBeVisible();
});

test('a page on another port of the same host cannot open the app’s WebSocket or post to it', async ({
  page,
}) => {
  const prefix = await hostileApp(page, 'ws');
  const app = new URL(url(`${prefix}/`));
  // Same site as spawner (the host's cookies go to every port), another origin.
  const elsewhere = await servePage(app.hostname, '<title>elsewhere</title>');
  try {
    await page.goto(elsewhere.url);
    await attackFromElsewhere(page, prefix, app);
  } finally {
    await elsewhere.close();
  }
});

async function attackFromElsewhere(page: Page, prefix: string, app: URL): Promise<void> {
  const attack = async (marker: string) =>
    page.evaluate(
      async ({ target, marker }) => {
        const socket = await new Promise<string>((resolve) => {
          const ws = new WebSocket(`${target.replace('http', 'ws')}socket`);
          ws.onopen = () => {
            ws.close();
            resolve('opened');
          };
          ws.onerror = () => resolve('refused');
        });
        // no-cors hides the answer from the page (Chromium even fails the fetch when it blocks a
        // foreign JSON answer), not from the app: the app's log tells whether it arrived.
        await fetch(`${target}log/${marker}`, {
          method: 'POST',
          mode: 'no-cors',
          credentials: 'include',
          body: 'x',
        }).catch(() => undefined);
        return socket;
      },
      { target: app.href, marker },
    );
  expect(await attack('posted-from-elsewhere')).toBe('refused');
  // A plain GET from there does carry the owner's cookie to the app: what makes the two refusals
  // above the origin check's doing, not a missing cookie's.
  await page.evaluate(async (target) => {
    await fetch(`${target}log/read-from-elsewhere`, {
      mode: 'no-cors',
      credentials: 'include',
    }).catch(() => undefined);
  }, app.href);

  // From the app's own page both work: the check tells the two apart.
  await page.goto(url(respond(prefix, [['content-type', 'text/html']], '<title>app</title>')));
  expect(await attack('posted-from-the-app')).toBe('opened');

  // The app's own post came last: once its line is logged, the other would be too had it arrived.
  await page.goto(url('/'));
  const appLog = () =>
    page.evaluate(async () => (await fetch('/api/container/echo/logs?tail=200')).text());
  await expect.poll(appLog).toContain('requested /log/posted-from-the-app');
  const log = await appLog();
  expect(log).toContain('requested /log/read-from-elsewhere');
  expect(log).not.toContain('posted-from-elsewhere');
}
