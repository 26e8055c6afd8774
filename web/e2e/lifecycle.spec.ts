import { expect, test } from '@playwright/test';
import { newEmail, signIn } from './support/auth';

test('stop, restart, reset and delete a container with the card’s buttons', async ({
  page,
  context,
}) => {
  await signIn(page, newEmail('life'));
  const card = page.getByTestId('card-dev');
  const popup = context.waitForEvent('page');
  await card.getByRole('button', { name: 'Create & Open' }).click();
  await (await popup).close();
  const status = card.locator('[data-status]');
  await expect(status).toHaveAttribute('data-status', 'running', { timeout: 60_000 });

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
