import { expect, test, type Page } from '@playwright/test';
import { waitForMagicLink } from './mail';
import { ENV, fromEnv } from './paths';

/** A fresh address per test; its slug carries the run id, so teardown finds its containers. */
export function newEmail(label: string): string {
  const unique = Math.random().toString(36).slice(2, 6);
  return `${label}-${fromEnv(ENV.runId)}-${unique}@example.com`;
}

/** The routing mode of the running test's project (playwright.config.ts). */
export function routing(): 'path' | 'subdomain' {
  return test.info().project.metadata.routing === 'subdomain' ? 'subdomain' : 'path';
}

/** The spawner the running test's project talks to (playwright.config.ts). */
function spawnerUrl(): string {
  const { metadata } = test.info().project;
  if (metadata.spawner === 'hostile') return fromEnv(ENV.hostileUrl);
  if (metadata.spawner === 'limits') return fromEnv(ENV.limitsUrl);
  return fromEnv(routing() === 'subdomain' ? ENV.subdomainUrl : ENV.baseUrl);
}

/** An address on the dashboard of the spawner the running test's project talks to. */
export const url = (path: string) => new URL(path, spawnerUrl()).href;

/**
 * Addresses inside the signed-in user's app, from the list's `service_url` (path mode:
 * `{PUBLIC_URL}/{slug}-{type}`; subdomain mode: `http://{slug}-{type}.spawner.test:{port}/`).
 * `at('/about.html')` is that page of the app; `base` is the app's own path prefix (`/{slug}-{type}`
 * or empty), as the app sees it in BASE_PATH.
 */
export async function appAddress(page: Page, type: string) {
  const serviceUrl = await page.evaluate(async (t) => {
    const res = await fetch('/api/user/containers', { credentials: 'same-origin' });
    const body = (await res.json()) as { containers: { type: string; service_url: string }[] };
    return body.containers.find((c) => c.type === t)?.service_url;
  }, type);
  expect(serviceUrl).toBeTruthy();
  const root = new URL(serviceUrl!.endsWith('/') ? serviceUrl! : `${serviceUrl}/`);
  return {
    serviceUrl: serviceUrl!,
    origin: root.origin,
    base: root.pathname.replace(/\/$/, ''),
    at: (path = '/') => new URL(`.${path}`, root).href,
  };
}

/** Where a signed-out person finds their app, by mode (no list to ask without a session). */
export function appUrlOf(slug: string, type: string): string {
  if (routing() === 'path') return url(`/${slug}-${type}/`);
  const dashboard = new URL(url('/'));
  return `${dashboard.protocol}//${slug}-${type}.${dashboard.hostname}:${dashboard.port}/`;
}

/** Signs in (registering) through the mailed link; ends on the dashboard. */
export async function signIn(
  page: Page,
  email: string,
  t = { submit: /Send sign-in link|Anmeldelink senden/ },
) {
  await page.goto(url('/'));
  await expect(page).toHaveURL(/\/login\?next=%2F$/);
  await page.getByRole('textbox').fill(email);
  await page.getByRole('button', { name: t.submit }).click();
  await expect(page.getByRole('status')).toBeVisible();
  const link = await waitForMagicLink(email);
  await page.goto(link);
  await page.getByRole('button', { name: /^(Sign in|Anmelden)$/ }).click();
  await expect(page).toHaveURL(url('/'));
  await expect(page.getByTestId('container-grid')).toBeVisible();
}

/** The signed-in user's slug, from the API (as the page sees it). */
export async function currentSlug(page: Page): Promise<string> {
  const me = await page.evaluate(async () => {
    const res = await fetch('/api/auth/me', { credentials: 'same-origin' });
    return (await res.json()) as { user: { slug: string } };
  });
  return me.user.slug;
}
