import { expect, test } from '@playwright/test';
import { appAddress, appUrlOf, currentSlug, newEmail, signIn, url } from './support/auth';
import { watchConsole } from './support/console';
import { waitForMagicLink } from './support/mail';
import { docsScreenshot } from './support/screenshots';

test('sign in through the mailed link, Create & Open dev, sign out', async ({ page, context }) => {
  const console = watchConsole(page);
  const email = newEmail('main');

  await page.goto(url('/'));
  await expect(page).toHaveURL(/\/login\?next=%2F$/);
  await expect(page.getByRole('heading', { name: 'Sign in or register' })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await page.screenshot({ path: docsScreenshot('signin.png') });

  // Keyboard only: the field has focus, Enter submits.
  await expect(page.getByLabel('Email address')).toBeFocused();
  await page.keyboard.type(email);
  await page.keyboard.press('Enter');
  await expect(page.getByText('Check your inbox for a link to sign in')).toBeVisible();

  const link = await waitForMagicLink(email);
  await page.goto(link);
  await expect(page.getByText(`Sign in as ${email}?`)).toBeVisible();
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(url('/'));
  await expect(page.getByTitle(email)).toBeVisible();

  // One card per template, in API order, none created yet.
  const cards = page.locator('[data-testid^="card-"]');
  await expect(cards).toHaveCount(2);
  expect(await cards.evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')))).toEqual([
    'card-dev',
    'card-prod',
  ]);
  for (const card of await cards.all()) {
    await expect(card.getByText('Not created')).toBeVisible();
    await expect(card.getByRole('button', { name: 'Create & Open' })).toBeEnabled();
  }

  const slug = await currentSlug(page);
  const app = await appAddress(page, 'dev');
  const dev = page.getByTestId('card-dev');
  const popupPromise = context.waitForEvent('page');
  await dev.getByRole('button', { name: 'Create & Open' }).click();
  const popup = await popupPromise;
  await expect(dev.getByRole('button', { name: 'Starting…' })).toBeDisabled();

  await popup.waitForURL(app.at('/'), { timeout: 60_000 });
  await expect(popup.locator('body')).toContainText(slug);
  await expect(dev.getByText('Running')).toBeVisible();
  await expect(dev.getByRole('button', { name: 'Open' })).toBeEnabled();
  await expect(dev.locator('time').first()).toHaveText(/now|second|minute/);
  await expect(page.getByTestId('card-prod').getByText('Not created')).toBeVisible();
  await popup.close();

  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/login$/);
  await page.goto(url('/'));
  await expect(page).toHaveURL(/\/login\?next=%2F$/);
  console.assertClean();
});

test('a used sign-in link says so and offers a new one', async ({ page }) => {
  const email = newEmail('reuse');
  await signIn(page, email);
  const link = await waitForMagicLink(email);
  await page.context().clearCookies();
  await page.goto(link);
  await expect(
    page.getByRole('heading', { name: 'This link can no longer be used' }),
  ).toBeVisible();
  expect(new URL(page.url()).search).toBe('');
  await page.getByRole('link', { name: 'Send a new link' }).click();
  await expect(page).toHaveURL(/\/login$/);
});

test('a signed-out person opening their app signs in and lands in the app, started', async ({
  page,
}) => {
  const email = newEmail('deep');
  const slug = email.split('@')[0]!;
  await page.goto(appUrlOf(slug, 'dev'));
  await expect(page).toHaveURL(/\/login\?next=/);
  await page.getByRole('textbox').fill(email);
  await page.getByRole('button', { name: 'Send sign-in link' }).click();
  await page.goto(await waitForMagicLink(email));
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(appUrlOf(slug, 'dev'));
  await expect(page.locator('#container-type')).toHaveText('dev', { timeout: 60_000 });
});
