import { expect, test } from '@playwright/test';
import { appAddress, newEmail, signIn, url } from './support/auth';

// Subdomain mode only (playwright.config.ts): the dashboard at spawner.test, each app at
// {slug}-{type}.spawner.test, same-site but separate origins.

test('an app host gets its own cookie, and the dashboard’s never reaches it', async ({
  page,
  context,
}) => {
  await signIn(page, newEmail('origin'));
  const app = await appAddress(page, 'dev');
  const dashboard = new URL(url('/'));
  expect(new URL(app.origin).hostname).not.toBe(dashboard.hostname);

  // The Cookie header of every request the browser sends to the app's origin.
  const sent: Promise<string>[] = [];
  page.on('request', (req) => {
    if (new URL(req.url()).origin === app.origin) {
      sent.push(req.allHeaders().then((h) => h.cookie ?? ''));
    }
  });
  await page.goto(app.serviceUrl);
  await expect(page).toHaveURL(app.at('/'));
  await expect(page.locator('#container-type')).toHaveText('dev', { timeout: 60_000 });
  await page.reload();
  await expect(page.locator('#container-type')).toHaveText('dev');

  const cookies = await context.cookies();
  const session = cookies.find((c) => c.name === 'spawner_session');
  const appCookie = cookies.find((c) => c.name === 'spawner_app');
  // Host-only (no leading dot): each stays with the one host that set it.
  expect(session?.domain).toBe(dashboard.hostname);
  expect(appCookie).toMatchObject({
    domain: new URL(app.origin).hostname,
    path: '/',
    httpOnly: true,
    sameSite: 'Lax',
  });

  const headers = await Promise.all(sent);
  expect(headers.some((cookie) => cookie.includes('spawner_app='))).toBe(true);
  expect(headers.filter((cookie) => cookie.includes('spawner_session'))).toEqual([]);
  // Scripts on the app's origin see neither, and cannot read the dashboard's API as the user.
  expect(await page.evaluate(() => document.cookie)).not.toContain('spawner_');
  const answer = await page.evaluate(async (api) => {
    try {
      const res = await fetch(api, { credentials: 'include' });
      return `read ${res.status}`;
    } catch {
      return 'blocked';
    }
  }, url('/api/user/containers'));
  expect(answer).toBe('blocked');

  // Signing out on the dashboard ends the app's cookie too.
  await page.goto(url('/'));
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/login$/);
  await page.goto(app.serviceUrl);
  await expect(page).toHaveURL(/\/login\?next=%2Fapi%2Fauth%2Fapp-handshake/);
});
