import { expect, type Page } from '@playwright/test';
import { waitForMagicLink } from './mail';
import { ENV, fromEnv } from './paths';

/** A fresh address per test; its slug carries the run id, so teardown finds its containers. */
export function newEmail(label: string): string {
  const unique = Math.random().toString(36).slice(2, 6);
  return `${label}-${fromEnv(ENV.runId)}-${unique}@example.com`;
}

export const url = (path: string) => new URL(path, fromEnv(ENV.baseUrl)).href;

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
