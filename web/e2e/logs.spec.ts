import { expect, test, type Page } from '@playwright/test';
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { appAddress, newEmail, signIn } from './support/auth';
import { expectAccessible } from './support/axe';
import { createAndOpen } from './support/dashboard';
import { dockerHost } from './support/docker';
import { docsScreenshot } from './support/screenshots';

/**
 * Opens the user's dev app in a tab of its own (on the app's origin in either routing mode) and
 * returns a function that asks the app for a path through the proxy: nginx writes an access line
 * for each.
 */
async function appVisitor(page: Page): Promise<(path: string) => Promise<void>> {
  const app = await appAddress(page, 'dev');
  const tab = await page.context().newPage();
  await tab.goto(app.at('/'));
  await page.bringToFront();
  return async (path) => {
    const status = await tab.evaluate(
      async (url) => (await fetch(url, { credentials: 'same-origin' })).status,
      app.at(path),
    );
    expect(status).toBe(200);
  };
}

/** The running container's id, as the dashboard's API has it. */
async function containerId(page: Page, type: string): Promise<string> {
  const id = await page.evaluate(async (t) => {
    const res = await fetch('/api/user/containers', { credentials: 'same-origin' });
    const body = (await res.json()) as { containers: { type: string; container_id: string }[] };
    return body.containers.find((c) => c.type === t)?.container_id;
  }, type);
  expect(id).toBeTruthy();
  return id!;
}

/**
 * Runs a shell script in the app's container with its output going to the app's own standard
 * output, as if the app printed it: the lines then travel the real path (engine, spawner, stream).
 */
async function printInApp(id: string, script: string, ...args: string[]): Promise<void> {
  await promisify(execFile)(
    'docker',
    ['exec', id, 'sh', '-c', `{ ${script}; } > /proc/1/fd/1`, 'sh', ...args],
    { env: { ...process.env, DOCKER_HOST: dockerHost } },
  );
}

test('the logs panel shows the app’s lines, follows new ones, pauses, copies and downloads them', async ({
  page,
  context,
}, testInfo) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await signIn(page, newEmail('logs'));
  const card = await createAndOpen(page, 'dev');
  const visitApp = await appVisitor(page);
  await visitApp('/?before-the-panel');
  await printInApp(
    await containerId(page, 'dev'),
    'printf "%b\\n" "$@"',
    '\\033[36minfo\\033[0m  worker 1 started',
    '\\033[32mready\\033[0m \\033[1;31merror\\033[0m \\033[33;44mwarn\\033[0m plain',
    '\\033[90m2026-11-30\\033[0m \\033[35mdebug\\033[0m \\033[4mcache\\033[0m warm',
  );

  const open = card.getByRole('button', { name: 'Logs' });
  await open.click();
  const dialog = page.getByRole('dialog', { name: 'Logs of Development Container' });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole('button', { name: 'Close' })).toBeFocused();
  const lines = dialog.getByRole('log', { name: 'Log lines' });

  // The last lines, from before the panel opened: nginx's access line and the coloured one.
  await expect(lines).toContainText('"GET /?before-the-panel HTTP/1.1" 200');
  const green = lines.getByText('ready', { exact: true });
  await expect(green).toHaveCSS('color', 'rgb(21, 128, 61)');
  const coloured = lines.getByText('ready error warn plain');
  await expect(coloured).toBeVisible();
  await expect(coloured).not.toContainText('\u001b');
  await expect(dialog.getByRole('status')).toHaveText('Following new lines.');

  await page.screenshot({ path: docsScreenshot('logs-panel.png') });
  await expectAccessible(page, 'logs-panel', testInfo);

  // Colours off: the same line, plain; and on again.
  const colours = dialog.getByRole('checkbox', { name: 'Colours' });
  await colours.uncheck();
  await expect(lines.locator('span')).toHaveCount(0);
  await expect(coloured).toBeVisible();
  await colours.check();
  await expect(green).toHaveCSS('color', 'rgb(21, 128, 61)');

  // Following: a new request's line arrives, once, and the view scrolls along to it.
  await visitApp('/?while-following');
  await expect(lines.getByText('GET /?while-following HTTP/1.1')).toHaveCount(1);
  await expect(lines.getByText('GET /?before-the-panel HTTP/1.1')).toHaveCount(1);
  for (let i = 0; i < 40; i++) await visitApp(`/?scroll-${i}`);
  await expect(lines.getByText('GET /?scroll-39 HTTP/1.1')).toBeInViewport();

  // Paused: the new line is held back (and counted) until Follow.
  await dialog.getByRole('button', { name: 'Pause' }).click();
  await expect(dialog.getByRole('status')).toHaveText(/^Paused/);
  await visitApp('/?while-paused');
  await expect(dialog.getByTestId('log-count')).toContainText('1 new line held back');
  await expect(lines).not.toContainText('while-paused');
  await dialog.getByRole('button', { name: 'Follow' }).click();
  await expect(lines.getByText('GET /?while-paused HTTP/1.1')).toBeInViewport();

  // Copy and download: every shown line, escape codes stripped. The clipboard needs a secure
  // origin: plain http on a name other than localhost (subdomain mode here) offers Download.
  await dialog.getByRole('button', { name: 'Copy' }).click();
  const downloading = page.waitForEvent('download');
  await dialog.getByRole('button', { name: 'Download' }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe('dev-logs.txt');
  const downloaded = await readFile(await download.path(), 'utf8');
  expect(downloaded).toContain('"GET /?while-paused HTTP/1.1" 200');
  expect(downloaded).toContain('ready error warn plain\n');
  expect(downloaded).not.toContain('\u001b');
  // No line twice: the stream's last lines and its new ones meet without overlap.
  expect(downloaded.split('\n').filter((line) => line.includes('?scroll-'))).toHaveLength(40);
  expect(downloaded.split('?before-the-panel')).toHaveLength(2);
  if (await page.evaluate(() => window.isSecureContext)) {
    await expect(dialog.getByRole('status')).toContainText(/Copied \d+ lines\./);
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(downloaded);
  } else {
    await expect(dialog.getByRole('status')).toContainText('use Download instead');
  }

  // Escape closes the panel and gives focus back to its button.
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(open).toBeFocused();
});

test('the logs panel keeps the newest 10,000 lines and renders only those in view', async ({
  page,
}) => {
  await signIn(page, newEmail('logsmany'));
  const card = await createAndOpen(page, 'dev');
  // On a phone: the panel fits the width, its toolbar wrapping and its lines too.
  await page.setViewportSize({ width: 390, height: 844 });
  await card.getByRole('button', { name: 'Logs' }).click();
  const dialog = page.getByRole('dialog', { name: 'Logs of Development Container' });
  await expect(dialog.getByRole('status')).toHaveText('Following new lines.');
  expect(await dialog.evaluate((d) => d.scrollWidth <= d.clientWidth)).toBe(true);

  // 10,500 lines at once, from the app's own output.
  await printInApp(
    await containerId(page, 'dev'),
    'i=0; while [ $i -lt 10500 ]; do echo "burst $i"; i=$((i+1)); done',
  );

  await expect(dialog.getByTestId('log-count')).toHaveText(
    /^10,000 lines · only the newest 10,000 are kept: [\d,]+ older lines dropped$/,
  );
  const lines = dialog.getByRole('log', { name: 'Log lines' });
  await expect(lines.getByText('burst 10499', { exact: true })).toBeInViewport();
  expect(await lines.locator('[data-index]').count()).toBeLessThan(100);

  // Back to the top (which pauses, so no new line pulls the view away): the oldest kept line
  // is burst 500.
  await lines.press('Home');
  await expect(dialog.getByRole('status')).toHaveText(/^Paused/);
  await expect(lines.getByText('burst 500', { exact: true })).toBeInViewport();
  await expect(lines.getByText('burst 499', { exact: true })).toHaveCount(0);
  expect(await lines.evaluate((l) => l.scrollWidth <= l.clientWidth)).toBe(true);
});

test('the logs panel says so when the container stops, and when it is gone', async ({ page }) => {
  await signIn(page, newEmail('logsend'));
  const card = await createAndOpen(page, 'dev');
  await card.getByRole('button', { name: 'Stop' }).click();
  await expect(card.locator('[data-status]')).toHaveAttribute('data-status', 'stopped');

  await card.getByRole('button', { name: 'Logs' }).click();
  const dialog = page.getByRole('dialog', { name: 'Logs of Development Container' });
  await expect(dialog.getByRole('status')).toHaveText(
    'The container is not running, so no new lines come.',
  );

  // Removed behind the panel's back: reconnecting gets the API's 404, in words.
  const status = await page.evaluate(
    async () =>
      (await fetch('/api/container/dev', { method: 'DELETE', credentials: 'same-origin' })).status,
  );
  expect(status).toBe(200);
  await dialog.getByRole('button', { name: 'Reconnect' }).click();
  const alert = dialog.getByRole('alert');
  await expect(alert).toContainText(/\S/);
  await expect(alert).not.toHaveText('The logs could not be loaded.');
  await expect(dialog.getByRole('log', { name: 'Log lines' })).not.toContainText('GET /');
});
