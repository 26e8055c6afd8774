import { expect, test, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { newEmail, signIn, url } from './support/auth';
import { expectAccessible } from './support/axe';
import { createAndOpen } from './support/dashboard';
import { adminEmailOf, ENV, fromEnv } from './support/paths';
import { docsScreenshot } from './support/screenshots';

/** The run's administrator (ADMIN_EMAILS in support/globalSetup.ts). */
const adminEmail = () => adminEmailOf(fromEnv(ENV.runId));

/** Searches the open admin list for `text` and returns its row. */
async function findRow(page: Page, label: string, text: string, testId: string) {
  await page.getByLabel(label).fill(text);
  await page.getByRole('button', { name: 'Search' }).click();
  const row = page.getByTestId(testId);
  await expect(row).toBeVisible();
  return row;
}

type StorageState = Awaited<ReturnType<BrowserContext['storageState']>>;
let adminSession: StorageState | undefined;

/**
 * A page signed in as the administrator. The address signs in once per run (a second link to
 * the same address could race the first's mail) and its session is reused.
 */
async function adminPage(browser: Browser): Promise<Page> {
  if (!adminSession) {
    const context = await browser.newContext();
    await signIn(await context.newPage(), adminEmail());
    adminSession = await context.storageState();
    await context.close();
  }
  const context = await browser.newContext({ storageState: adminSession });
  const page = await context.newPage();
  await page.goto(url('/'));
  return page;
}

/** The status code of an API call made from the page, with its cookies. */
const statusOf = (page: Page, path: string) =>
  page.evaluate(async (p) => (await fetch(p, { credentials: 'same-origin' })).status, path);

test('an administrator sees people and containers, blocks and unblocks one, invites, and reads the audit log', async ({
  browser,
}, testInfo) => {
  // Someone with a running container, in a browser of their own.
  const bob = newEmail('blockme');
  const bobContext = await browser.newContext();
  const bobPage = await bobContext.newPage();
  await signIn(bobPage, bob);
  await createAndOpen(bobPage, 'dev');

  const page = await adminPage(browser);
  await page.getByRole('link', { name: 'Admin', exact: true }).click();
  await expect(page).toHaveURL(url('/admin/users'));
  await expect(page.getByRole('heading', { name: 'Users' })).toBeVisible();

  let row = await findRow(page, 'Search by email or slug', bob, `user-${bob}`);
  await expect(page).toHaveURL(url(`/admin/users?q=${encodeURIComponent(bob)}`));
  await expect(row.getByText('Active')).toBeVisible();

  // The whole list, for the screenshot and axe: several people, the admin among them.
  await page.getByLabel('Search by email or slug').fill(fromEnv(ENV.runId));
  await page.getByRole('button', { name: 'Search' }).click();
  await expect(page.getByTestId(`user-${adminEmail()}`)).toBeVisible();
  await page.screenshot({ path: docsScreenshot('admin-users.png'), fullPage: true });
  await expectAccessible(page, 'admin-users', testInfo);

  await page.getByRole('link', { name: 'Containers', exact: true }).click();
  const container = await findRow(page, 'Search by owner or template', bob, `container-${bob}-dev`);
  await expect(container.locator('[data-status]')).toHaveAttribute('data-status', 'running');
  await expectAccessible(page, 'admin-containers', testInfo);

  // Block: asked first; the person's session ends at once and their container stops.
  await page.getByRole('link', { name: 'Users', exact: true }).click();
  row = await findRow(page, 'Search by email or slug', bob, `user-${bob}`);
  await row.getByRole('button', { name: 'Block…' }).click();
  const dialog = page.getByRole('dialog', { name: `Block ${bob}?` });
  await expectAccessible(page, 'admin-block-dialog', testInfo);
  await dialog.getByRole('button', { name: 'Block' }).click();
  await expect(row.getByText('Blocked')).toBeVisible();

  expect(await statusOf(bobPage, '/api/user/containers')).toBe(401);
  expect(await statusOf(bobPage, '/api/auth/me')).toBe(401);
  await bobPage.reload();
  await expect(bobPage).toHaveURL(/\/login\?next=/);

  await page.getByRole('link', { name: 'Containers', exact: true }).click();
  await expect(
    (await findRow(page, 'Search by owner or template', bob, `container-${bob}-dev`)).locator(
      '[data-status]',
    ),
  ).toHaveAttribute('data-status', 'stopped');

  await page.getByRole('link', { name: 'Users', exact: true }).click();
  row = await findRow(page, 'Search by email or slug', bob, `user-${bob}`);
  await row.getByRole('button', { name: 'Unblock' }).click();
  await expect(row.getByText('Active')).toBeVisible();
  await bobContext.close();

  // Invite an address: it is listed at once.
  const invited = newEmail('invited');
  await page.getByLabel('Email address').fill(invited);
  await page.getByRole('button', { name: 'Invite' }).click();
  await expect(page.getByText(`${invited} is invited.`)).toBeVisible();
  await findRow(page, 'Search by email or slug', invited, `user-${invited}`);

  // The audit log has the block, by whom and of whom.
  await page.getByRole('link', { name: 'Audit log', exact: true }).click();
  await page.getByLabel('Who', { exact: true }).fill(adminEmail());
  await page.getByLabel('Action', { exact: true }).selectOption({ label: 'Blocked user' });
  await page.getByRole('button', { name: 'Apply' }).click();
  await expect(page).toHaveURL(/\/admin\/audit\?actor=.*&action=admin_block/);
  const entry = page.getByRole('row').filter({ hasText: bob });
  await expect(entry).toHaveCount(1);
  await expect(entry).toContainText(adminEmail());
  await expect(entry).toContainText('Blocked user');
  await expect(entry).toContainText('OK');
  // All events of the run, for the screenshot and axe.
  await page.getByRole('button', { name: 'Clear' }).click();
  await expect(page).toHaveURL(url('/admin/audit'));
  await expect(page.getByRole('row').filter({ hasText: 'Blocked user' }).first()).toBeVisible();
  await page.screenshot({ path: docsScreenshot('admin-audit.png'), fullPage: true });
  await expectAccessible(page, 'admin-audit', testInfo);
});

test('the console works at phone width', async ({ browser }, testInfo) => {
  const page = await adminPage(browser);
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(url('/admin/users'));
  await expect(page.getByTestId(`user-${adminEmail()}`)).toBeVisible();
  // The table scrolls in its own frame; the page itself never scrolls sideways.
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  expect(overflow).toBe(0);
  await expectAccessible(page, 'admin-users-phone', testInfo);
});

test('someone who is not an administrator gets the not-allowed page', async ({
  page,
}, testInfo) => {
  await signIn(page, newEmail('notadmin'));
  await expect(page.getByRole('link', { name: 'Admin', exact: true })).toHaveCount(0);
  expect(await statusOf(page, '/api/admin/users')).toBe(403);
  await page.goto(url('/admin/containers'));
  await expect(page.getByRole('heading', { name: 'Not allowed' })).toBeVisible();
  await expect(page.getByRole('table')).toHaveCount(0);
  await expectAccessible(page, 'admin-not-allowed', testInfo);
  await page.getByRole('link', { name: 'Back to my containers' }).click();
  await expect(page).toHaveURL(url('/'));
});

test('a person deletes their own account from the dashboard, asked twice', async ({
  page,
}, testInfo) => {
  const email = newEmail('leaving');
  await signIn(page, email);
  await page.getByRole('button', { name: 'Delete my account…' }).click();
  await page
    .getByRole('dialog', { name: 'Delete your account?' })
    .getByRole('button', { name: 'Continue' })
    .click();
  const last = page.getByRole('dialog', { name: 'Really delete your account?' });
  await expect(last.getByRole('button', { name: 'Delete my account for good' })).toBeDisabled();
  await expectAccessible(page, 'account-delete-dialog', testInfo);
  await last.getByLabel(`Type ${email} to confirm`).fill(email);
  await last.getByRole('button', { name: 'Delete my account for good' }).click();
  await expect(page).toHaveURL(url('/login'));
  expect(await statusOf(page, '/api/auth/me')).toBe(401);
});
