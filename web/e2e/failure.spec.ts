import { expect, test, type Page } from '@playwright/test';
import { currentSlug, newEmail, signIn, url } from './support/auth';
import { expectAccessible } from './support/axe';
import { createAndOpen } from './support/dashboard';
import { docsScreenshot } from './support/screenshots';

/** What the "broken" e2e template's app writes before it exits (support/globalSetup.ts). */
const LAST_WORDS = 'crashing on purpose: the settings file /etc/app.conf is missing';

async function switchToGerman(page: Page) {
  await page.getByRole('combobox', { name: 'Language' }).selectOption('de');
  await expect(page.locator('html')).toHaveAttribute('lang', 'de');
}

test('a failing image shows its cause in German', async ({ page, context }, testInfo) => {
  await signIn(page, newEmail('fails'));
  await switchToGerman(page);
  const card = page.getByTestId('card-broken');

  const popup = context.waitForEvent('page');
  await card.getByRole('button', { name: 'Erstellen & Öffnen' }).click();
  await popup; // the dashboard closes it again when the launch fails

  const cause = card.getByRole('alert');
  await expect(cause).toHaveText(
    'Die App hat sich beim Start beendet (Exit-Code 1). Ihre letzten Zeilen sagen vielleicht, warum.',
    { timeout: 60_000 },
  );
  const lines = card.getByRole('region', { name: 'Die letzten Zeilen der App' });
  await expect(lines).toContainText(LAST_WORDS);
  await expect(card.locator('[data-status]')).toHaveAttribute('data-status', 'error');
  await page.mouse.move(0, 0);
  await card.screenshot({ path: docsScreenshot('launch-failed-de.png') });
  await expectAccessible(page, 'launch-failed-de', testInfo);

  // Found again after a reload: the cause by its stored code, the lines fetched from the app.
  await page.reload();
  await expect(cause).toHaveText(
    'Die App hat sich beim Start beendet. Ihre letzten Zeilen sagen vielleicht, warum.',
  );
  await expect(lines).toContainText(LAST_WORDS);
});

test('the Starting… page speaks German: its phases, and a failure’s cause', async ({
  page,
}, testInfo) => {
  await signIn(page, newEmail('startde'));
  await createAndOpen(page, 'prod');
  await switchToGerman(page);
  const slug = await currentSlug(page);
  const stopped = await page.evaluate(async () => {
    const res = await fetch('/api/container/prod/stop', { method: 'POST' });
    return res.status;
  });
  expect(stopped).toBe(200);

  // The launch's answer is held back, so the page stays until its stream has said "ready".
  let release = () => {};
  const released = new Promise<void>((resolve) => (release = resolve));
  await page.route('**/api/container/launch/prod', async (route) => {
    const response = await route.fetch();
    await released;
    await route.fulfill({ response });
  });
  await page.goto(url(`/${slug}-prod/`));
  await expect(page.locator('html')).toHaveAttribute('lang', 'de');
  await expect(
    page.getByRole('heading', { name: 'Dein Production Container wird gestartet…' }),
  ).toBeVisible();
  await expect(page.getByText('Bisher gewartet:')).toBeVisible();
  // Every phase shown from now on, in the words shown.
  await page.evaluate(() => {
    const phase = document.getElementById('phase')!;
    const seen: string[] = [];
    (window as unknown as { seen: string[] }).seen = seen;
    new MutationObserver(() => seen.push(phase.textContent ?? '')).observe(phase, {
      childList: true,
      characterData: true,
      subtree: true,
    });
  });
  await expect(page.locator('#phase')).toHaveAttribute('data-phase', 'ready', { timeout: 60_000 });
  await expect(page.locator('#phase')).toHaveText('Bereit.');
  await expect(page.locator('#elapsed')).toHaveText(/^\d+ Sekunden?$/);
  const seen = await page.evaluate(() => (window as unknown as { seen: string[] }).seen);
  const german = ['Container wird gestartet…', 'Warte auf die Antwort der App…', 'Bereit.'];
  expect(seen.filter((words) => !german.includes(words))).toEqual([]);
  release();
  await expect(page.getByRole('heading', { name: /wird gestartet/ })).toBeHidden({
    timeout: 60_000,
  });
  await page.unroute('**/api/container/launch/prod');

  // A template whose app exits: the page says why in German, with the app's last lines.
  await page.goto(url(`/${slug}-broken/`));
  const status = page.getByRole('status');
  await expect(status).toHaveText(
    'Die App hat sich beim Start beendet (Exit-Code 1). Ihre letzten Zeilen sagen vielleicht, warum.',
    { timeout: 60_000 },
  );
  await expect(page.locator('#logs pre')).toContainText(LAST_WORDS);
  await expect(page.getByRole('link', { name: 'Zurück zur Übersicht' })).toBeVisible();
  await expectAccessible(page, 'starting-failed-de', testInfo);
});
