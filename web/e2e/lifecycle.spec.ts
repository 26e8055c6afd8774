import { expect, test } from '@playwright/test';
import { newEmail, signIn } from './support/auth';
import { createAndOpen } from './support/dashboard';
import { docsScreenshot } from './support/screenshots';

test('stop, restart, reset and delete a container with the card’s buttons', async ({ page }) => {
  await signIn(page, newEmail('life'));
  const card = await createAndOpen(page, 'dev');
  const status = card.locator('[data-status]');

  await card.getByRole('button', { name: 'Stop' }).click();
  await expect(status).toHaveAttribute('data-status', 'stopped');

  await card.getByRole('button', { name: 'Restart' }).click();
  await expect(status).toHaveAttribute('data-status', 'running', { timeout: 60_000 });

  await card.getByRole('button', { name: 'Reset…' }).click();
  const reset = page.getByRole('dialog', { name: 'Reset Development Container?' });
  await expect(reset).toContainText('Your data is kept');
  await reset.getByRole('button', { name: 'Reset' }).click();
  await expect(reset).toBeHidden();
  await expect(status).toHaveAttribute('data-status', 'not_created');

  await card.getByRole('button', { name: 'Delete…' }).click();
  const remove = page.getByRole('dialog', { name: /^Delete Development Container/ });
  const confirm = remove.getByRole('button', { name: 'Delete for good' });
  await expect(confirm).toBeDisabled();
  await page.screenshot({ path: docsScreenshot('delete-dialog.png') });
  // Keyboard only from here: type the key, Enter confirms.
  await remove.getByLabel('Type dev to confirm').fill('dev');
  await page.keyboard.press('Enter');
  await expect(remove).toBeHidden();
  await expect(status).toHaveAttribute('data-status', 'not_created');
});

test('a note written in prod survives a reset and goes with a delete', async ({
  page,
  context,
}) => {
  await signIn(page, newEmail('notes'));
  const card = page.getByTestId('card-prod');
  const status = card.locator('[data-status]');
  const popup = context.waitForEvent('page');
  await card.getByRole('button', { name: 'Create & Open' }).click();
  const app = await popup;
  const notes = app.getByLabel('Your notes (kept in /data)');
  await expect(notes).toBeEnabled({ timeout: 60_000 });
  await notes.fill('remember the milk');
  await app.getByRole('button', { name: 'Save notes' }).click();
  await expect(app.getByTestId('notes-status')).toHaveText('Saved.');

  await page.bringToFront();
  await card.getByRole('button', { name: 'Reset…' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Reset' }).click();
  await expect(status).toHaveAttribute('data-status', 'not_created');
  // Opening the app again makes a new container, on the same data.
  await app.reload();
  await expect(notes).toHaveValue('remember the milk', { timeout: 60_000 });

  await card.getByRole('button', { name: 'Delete…' }).click();
  await page.getByLabel('Type prod to confirm').fill('prod');
  await page.getByRole('button', { name: 'Delete for good' }).click();
  await expect(status).toHaveAttribute('data-status', 'not_created');
  await app.reload();
  await expect(notes).toBeEnabled({ timeout: 60_000 });
  await expect(notes).toHaveValue('');
});

test('the card shows the launch’s phases as a progress bar', async ({ page, context }) => {
  await signIn(page, newEmail('phases'));
  const card = page.getByTestId('card-prod');
  // Note every phase the bar shows, however briefly.
  await page.evaluate(() => {
    const seen: string[] = [];
    (window as unknown as { phases: string[] }).phases = seen;
    new MutationObserver(() => {
      const phase = document
        .querySelector('[data-testid="launch-progress"]')
        ?.getAttribute('data-phase');
      if (phase && seen.at(-1) !== phase) seen.push(phase);
    }).observe(document.body, { subtree: true, childList: true, attributes: true });
  });
  const popup = context.waitForEvent('page');
  await card.getByRole('button', { name: 'Create & Open' }).click();
  await expect(card.getByRole('progressbar', { name: 'Launch progress' })).toBeVisible();
  await card.screenshot({ path: docsScreenshot('launch-progress.png') });
  await (await popup).close();
  await expect(card.locator('[data-status]')).toHaveAttribute('data-status', 'running', {
    timeout: 60_000,
  });
  const phases = await page.evaluate(() => (window as unknown as { phases: string[] }).phases);
  // Creating takes a blink and may pass before the stream is open; waiting and ready never do.
  expect(phases).toContain('waiting');
  expect(phases.at(-1)).toBe('ready');
  const order = ['creating', 'starting', 'waiting', 'ready'];
  expect([...phases].sort((a, b) => order.indexOf(a) - order.indexOf(b))).toEqual(phases);
});
