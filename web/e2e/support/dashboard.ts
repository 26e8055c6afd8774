import { expect, type Page } from '@playwright/test';

/**
 * Clicks a card's Create & Open, closes the tab it opens, and waits until the card says
 * Running. Returns the card.
 */
export async function createAndOpen(page: Page, type: string) {
  const card = page.getByTestId(`card-${type}`);
  const popup = page.context().waitForEvent('page');
  await card.getByRole('button', { name: 'Create & Open' }).click();
  await (await popup).close();
  await expect(card.locator('[data-status]')).toHaveAttribute('data-status', 'running', {
    timeout: 60_000,
  });
  return card;
}
