import { expect, test } from '@playwright/test';
import { newEmail, signIn } from './support/auth';
import { watchConsole } from './support/console';

test.use({ locale: 'de-DE' });

test("German browser: the seed's words, and a launch", async ({ page, context }) => {
  const console = watchConsole(page);
  await signIn(page, newEmail('de'));
  await expect(page.locator('html')).toHaveAttribute('lang', 'de');
  await expect(page.getByRole('heading', { name: 'Deine Container' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Abmelden' })).toBeVisible();

  const dev = page.getByTestId('card-dev');
  const prod = page.getByTestId('card-prod');
  await expect(dev.getByText('Noch nicht erstellt')).toBeVisible();
  await expect(prod.getByText('Noch nicht erstellt')).toBeVisible();

  const popupPromise = context.waitForEvent('page');
  await dev.getByRole('button', { name: 'Erstellen & Öffnen' }).click();
  const popup = await popupPromise;
  await expect(dev.getByRole('button', { name: 'Wird gestartet…' })).toBeDisabled();
  await expect(dev.getByText('Läuft')).toBeVisible({ timeout: 60_000 });
  await popup.close();
  await expect(dev.getByRole('button', { name: 'Service öffnen' })).toBeVisible();
  await expect(dev.locator('time').first()).toHaveText(/jetzt|vor/);

  // The switch changes the language on the spot and <html lang> with it.
  await page.getByRole('combobox', { name: 'Sprache' }).selectOption('en');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(dev.getByText('Running')).toBeVisible();
  console.assertClean();
});
