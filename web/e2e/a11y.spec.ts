import { expect, test } from '@playwright/test';
import { newEmail, url } from './support/auth';
import { expectAccessible } from './support/axe';
import { createAndOpen } from './support/dashboard';
import { waitForMagicLink } from './support/mail';

// Every page a person sees, in light and dark: sign-in (asking, then sent),
// the confirm page, the dashboard (one container running, one not created),
// its delete dialog, and a used link.
test('every page passes axe (WCAG 2.1 A and AA) in light and dark', async ({ page }, testInfo) => {
  const email = newEmail('a11y');

  await page.goto(url('/'));
  await expect(page.getByRole('heading', { name: 'Sign in or register' })).toBeVisible();
  await expectAccessible(page, 'signin', testInfo);

  await page.getByLabel('Email address').fill(email);
  await page.getByRole('button', { name: 'Send sign-in link' }).click();
  await expect(page.getByText('Check your inbox for a link to sign in')).toBeVisible();
  await expectAccessible(page, 'signin-sent', testInfo);

  const link = await waitForMagicLink(email);
  await page.goto(link);
  await expect(page.getByRole('button', { name: 'Sign in' })).toBeEnabled();
  await expectAccessible(page, 'verify', testInfo);

  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(url('/'));
  const dev = await createAndOpen(page, 'dev');
  await expect(page.getByTestId('card-prod').getByText('Not created')).toBeVisible();
  await expectAccessible(page, 'dashboard', testInfo);

  await dev.getByRole('button', { name: 'Delete…' }).click();
  const dialog = page.getByRole('dialog', { name: /^Delete Development Container/ });
  await expect(dialog).toBeVisible();
  await expectAccessible(page, 'dialog-delete', testInfo);
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toBeHidden();

  await page.context().clearCookies();
  await page.goto(link);
  await expect(page.getByRole('link', { name: 'Send a new link' })).toBeVisible();
  await expectAccessible(page, 'verify-used', testInfo);
});
