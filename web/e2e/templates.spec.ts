import { expect, test, type Page } from '@playwright/test';
import { appAddress, appUrlOf, currentSlug, newEmail, routing, signIn } from './support/auth';
import { docsScreenshot } from './support/screenshots';

/**
 * Every response and failed request the page makes, to check nothing fails or leaves the app:
 * its prefix in path mode, its own origin in subdomain mode. Redirects may pass through the
 * dashboard (the subdomain handshake); what the page loads may not.
 */
function recordNetwork(page: Page) {
  const responses: Array<{ url: string; status: number }> = [];
  const failures: Array<{ url: string; error: string }> = [];
  page.on('response', (res) => responses.push({ url: res.url(), status: res.status() }));
  page.on('requestfailed', (req) =>
    failures.push({ url: req.url(), error: req.failure()?.errorText ?? '' }),
  );
  return {
    assertClean(app: { origin: string; base: string }) {
      const prefix = app.base;
      const outside = responses
        .filter((r) => r.status < 300 || r.status >= 400)
        .map((r) => new URL(r.url))
        .filter(
          (u) =>
            u.protocol !== 'data:' &&
            (u.origin !== app.origin ||
              (u.pathname !== prefix && !u.pathname.startsWith(`${prefix}/`))),
        );
      expect(outside.map((u) => u.href)).toEqual([]);
      expect(responses.filter((r) => r.status >= 400)).toEqual([]);
      // A navigation may cancel a prefetch; anything else failing is a broken page.
      expect(failures.filter((f) => f.error !== 'net::ERR_ABORTED')).toEqual([]);
      expect(responses.length).toBeGreaterThan(1);
    },
  };
}

async function launch(page: Page, type: string): Promise<void> {
  const status = await page.evaluate(async (t) => {
    const res = await fetch(`/api/container/launch/${t}`, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    return res.status;
  }, type);
  expect(status).toBe(200);
}

test('the dev template renders completely under its prefix', async ({ page }) => {
  await signIn(page, newEmail('tdev'));
  const slug = await currentSlug(page);
  await launch(page, 'dev');
  const app = await appAddress(page, 'dev');
  const prefix = app.base;

  const network = recordNetwork(page);
  await page.goto(app.serviceUrl);
  await expect(page).toHaveURL(app.at('/'));
  await expect(page.locator('#user-slug')).toHaveText(slug);
  await expect(page.locator('#container-type')).toHaveText('dev');
  // The documentation's pictures are path mode's.
  if (routing() === 'path') {
    await page.screenshot({ path: docsScreenshot('template-dev.png'), fullPage: true });
  }
  await page.getByRole('link', { name: 'About this template' }).click();
  await expect(page).toHaveURL(app.at('/about.html'));

  const info = await page.evaluate(
    async (p) => (await fetch(`${p}/info.json`)).json() as Promise<Record<string, string>>,
    prefix,
  );
  expect(info).toMatchObject({ user_slug: slug, container_type: 'dev', base_path: prefix });
  expect(await page.evaluate(async (p) => (await fetch(`${p}/healthz`)).status, prefix)).toBe(200);
  network.assertClean(app);
});

test('the prod template renders, navigates client-side and reloads under its prefix', async ({
  page,
}) => {
  await signIn(page, newEmail('tprod'));
  const slug = await currentSlug(page);
  await launch(page, 'prod');
  const app = await appAddress(page, 'prod');
  const prefix = app.base;

  const network = recordNetwork(page);
  await page.goto(app.serviceUrl);
  await expect(page).toHaveURL(app.at('/'));
  await expect(page.getByTestId('greeting')).toContainText(slug);
  await expect(page.getByTestId('live-status')).toBeVisible();
  const imagesLoaded = await page
    .locator('img')
    .evaluateAll((imgs) =>
      imgs.every(
        (img) => (img as HTMLImageElement).complete && (img as HTMLImageElement).naturalWidth > 0,
      ),
    );
  expect(imagesLoaded).toBe(true);
  // The documentation's pictures are path mode's.
  if (routing() === 'path') {
    await page.screenshot({ path: docsScreenshot('template-prod.png'), fullPage: true });
  }

  // Client-side navigation keeps the page (and this marker) alive.
  await page.evaluate(() => ((window as unknown as { marker: number }).marker = 42));
  await page.getByRole('link', { name: 'Getting started' }).first().click();
  await expect(page).toHaveURL(app.at('/docs/getting-started/'));
  await expect(page.locator('h1')).toHaveText('Getting started');
  expect(await page.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(42);

  const reload = await page.reload();
  expect(reload?.status()).toBe(200);
  await expect(page.locator('h1')).toHaveText('Getting started');

  await page.goto(app.at('/about'));
  await expect(page).toHaveURL(app.at('/about/'));

  const status = await page.evaluate(
    async (p) => (await fetch(`${p}/api/status/`)).json() as Promise<Record<string, string>>,
    prefix,
  );
  expect(status).toMatchObject({ userSlug: slug, containerType: 'prod', basePath: prefix });
  expect(await page.evaluate(async (p) => (await fetch(`${p}/healthz`)).status, prefix)).toBe(200);
  network.assertClean(app);
});

test('a stopped container starts again when its page is opened', async ({ page }) => {
  await signIn(page, newEmail('tstart'));
  const slug = await currentSlug(page);
  // Never launched: opening the page shows the starting page, which loads the app when ready.
  await page.goto(appUrlOf(slug, 'dev'));
  await expect(page.locator('#user-slug')).toHaveText(slug, { timeout: 60_000 });
});
